using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;
using ModelGen.Serialization;

namespace ModelGen.Data;

/// <summary>
/// Writes 8-bit grayscale PNG files, which browsers, README pages and every image viewer show. Compression comes from
/// the base library's zlib, so the runtime needs no image package.
/// </summary>
public static class PngWriter
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Writes <paramref name="pixels"/> (<paramref name="height"/> rows of <paramref name="width"/>, top row first) to
    /// <paramref name="path"/>: values are clamped to [0, 1] and scaled to 0 to 255; NaN becomes 0.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<float> pixels, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(path);
        GrayLevels.CheckSize(pixels, width, height); // before the file is created, so a bad call leaves none behind
        using var file = File.Create(path);
        Write(file, pixels, width, height);
    }

    /// <summary>Writes the PNG to a stream, which is left open; see <see cref="Write(string, ReadOnlySpan{float}, int, int)"/>.</summary>
    public static void Write(Stream stream, ReadOnlySpan<float> pixels, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(stream);
        GrayLevels.CheckSize(pixels, width, height);

        stream.Write(Signature);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per sample; colour type 0 (grayscale), default compression, filter and no interlace follow as zeros
        WriteChunk(stream, "IHDR", header);

        // Each row starts with its filter type; 0 (none) keeps the writer simple, and zlib still packs flat regions well.
        var rows = new byte[(long)(width + 1) * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                rows[((long)y * (width + 1)) + 1 + x] = GrayLevels.From(pixels[(y * width) + x]);
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(rows);
        }

        WriteChunk(stream, "IDAT", compressed.ToArray());
        WriteChunk(stream, "IEND", []);
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        stream.Write(number);
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        uint crc = Crc32.Append(Crc32.Append(0, typeBytes), data);
        BinaryPrimitives.WriteUInt32BigEndian(number, crc);
        stream.Write(number);
    }
}
