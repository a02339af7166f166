using System;
using System.IO;

namespace ModelGen.Serialization;

/// <summary>Reads blocks whose length comes from the data itself, which may be damaged.</summary>
internal static class StreamBlocks
{
    private const int FirstChunk = 1 << 20;

    public static FileStream OpenFile(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes, or throws what <paramref name="truncated"/> makes of the number
    /// that were there. The buffer grows as bytes arrive, so a damaged length allocates no more than the stream holds.
    /// </summary>
    public static byte[] Read(Stream stream, long count, Func<long, Exception> truncated)
    {
        if (stream.CanSeek && stream.Length - stream.Position < count)
        {
            throw truncated(Math.Max(0, stream.Length - stream.Position));
        }

        if (count > Array.MaxLength)
        {
            throw new InvalidDataException($"The data declares a block of {count} bytes; this reader holds at most {Array.MaxLength} in memory.");
        }

        var buffer = new byte[Math.Min(count, FirstChunk)];
        int filled = 0;
        while (filled < count)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(count, 2L * buffer.Length));
            }

            int read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                throw truncated(filled);
            }

            filled += read;
        }

        return buffer;
    }
}
