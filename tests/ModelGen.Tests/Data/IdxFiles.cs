using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace ModelGen.Tests.Data;

/// <summary>Builds small IDX files in memory: a big-endian header (00 00 type dimensions, then each size) and the bytes.</summary>
internal static class IdxFiles
{
    public static byte[] Build(byte type, int[] dimensions, byte[] data)
    {
        var file = new byte[4 + (4 * dimensions.Length) + data.Length];
        file[2] = type;
        file[3] = (byte)dimensions.Length;
        for (int i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(4 + (4 * i)), dimensions[i]);
        }

        data.CopyTo(file, 4 + (4 * dimensions.Length));
        return file;
    }

    public static byte[] Images(int count, int height, int width, int seed = 1)
    {
        var pixels = new byte[count * height * width];
        new Random(seed).NextBytes(pixels);
        return Build(0x08, [count, height, width], pixels);
    }

    public static byte[] Labels(params byte[] labels) => Build(0x08, [labels.Length], labels);

    public static byte[] Gzip(byte[] contents)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(contents);
        }

        return memory.ToArray();
    }
}
