using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;
using ModelGen.Serialization;

namespace ModelGen.Tests.Images;

/// <summary>
/// Writes 16-bit PNGs by hand (SkiaSharp cannot encode 16-bit grayscale): row y uses filter type y % 5, so every
/// PNG filter is exercised.
/// </summary>
internal static class Png16Writer
{
    public const int Gray = 0, Rgb = 2, GrayAlpha = 4, Rgba = 6;

    /// <summary>A PNG of <paramref name="samples"/> (samples per pixel as the colour type says), row after row.</summary>
    public static byte[] Encode(int width, int height, int colorType, ushort[] samples, byte interlace = 0)
    {
        int pixelBytes = 2 * colorType switch { Gray => 1, GrayAlpha => 2, Rgb => 3, _ => 4 };
        int rowBytes = width * pixelBytes;
        var raw = new byte[height * rowBytes];
        for (int i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(raw.AsSpan(i * 2), samples[i]);
        }

        using var filtered = new MemoryStream();
        using (var deflater = new ZLibStream(filtered, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                deflater.WriteByte((byte)(y % 5));
                deflater.Write(Filter(raw, y, rowBytes, pixelBytes, y % 5));
            }
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        (header[8], header[9], header[12]) = (16, (byte)colorType, interlace);

        using var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", filtered.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] Filter(byte[] raw, int y, int rowBytes, int pixelBytes, int type)
    {
        var row = new byte[rowBytes];
        for (int i = 0; i < rowBytes; i++)
        {
            int x = raw[(y * rowBytes) + i];
            int a = i >= pixelBytes ? raw[(y * rowBytes) + i - pixelBytes] : 0;
            int b = y > 0 ? raw[((y - 1) * rowBytes) + i] : 0;
            int c = y > 0 && i >= pixelBytes ? raw[((y - 1) * rowBytes) + i - pixelBytes] : 0;
            row[i] = (byte)(x - type switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2, _ => Paeth(a, b, c) });
        }

        return row;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void Chunk(Stream png, string type, byte[] body)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, body.Length);
        png.Write(length);
        byte[] typeAndBody = [.. Encoding.ASCII.GetBytes(type), .. body];
        png.Write(typeAndBody);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Compute(typeAndBody));
        png.Write(crc);
    }
}
