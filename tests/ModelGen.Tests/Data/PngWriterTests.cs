using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using ModelGen.Data;
using Xunit;

namespace ModelGen.Tests.Data;

public sealed class PngWriterTests
{
    [Fact]
    public void Writes_a_valid_grayscale_png_whose_rows_hold_the_pixels_clamped_and_rounded()
    {
        using var stream = new MemoryStream();
        PngWriter.Write(stream, [0f, 1f, 0.5f, -3f, 7f, float.NaN], width: 3, height: 2);
        byte[] bytes = stream.ToArray();

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        var chunks = ReadChunks(bytes.AsSpan(8).ToArray());
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));

        byte[] header = chunks[0].Data;
        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(header));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)));
        Assert.Equal(new byte[] { 8, 0, 0, 0, 0 }, header[8..]);

        using var zlib = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress);
        using var rows = new MemoryStream();
        zlib.CopyTo(rows);
        Assert.Equal(new byte[] { 0, 0, 255, 128, 0, 0, 255, 0 }, rows.ToArray());
    }

    [Fact]
    public void A_size_that_does_not_match_the_pixels_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => PngWriter.Write(new MemoryStream(), new float[5], 3, 2));
        Assert.StartsWith("A 3x2 image has 6 pixels but 5 were given.", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => PngWriter.Write(new MemoryStream(), new float[0], 2, 0));
    }

    /// <summary>Splits PNG chunks and checks each one's CRC-32 (computed here bit by bit, independently of the writer's table).</summary>
    private static List<(string Type, byte[] Data)> ReadChunks(byte[] bytes)
    {
        var chunks = new List<(string, byte[])>();
        for (int at = 0; at < bytes.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            byte[] typeAndData = bytes.AsSpan(at + 4, 4 + length).ToArray();
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at + 8 + length));
            Assert.Equal(BitwiseCrc32(typeAndData), crc);
            chunks.Add((Encoding.ASCII.GetString(typeAndData, 0, 4), typeAndData[4..]));
            at += 12 + length;
        }

        return chunks;
    }

    private static uint BitwiseCrc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
