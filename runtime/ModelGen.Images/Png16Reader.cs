using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;
using ModelGen.Serialization;

namespace ModelGen.Data;

/// <summary>
/// Reads 16-bit PNGs (grayscale, grayscale with alpha, RGB, RGBA; not interlaced) at full precision: each sample
/// becomes value / 65535. Chunk CRCs are checked; ancillary chunks (gamma, colour profiles) are ignored, so values
/// are as stored.
/// </summary>
internal static class Png16Reader
{
    private static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>True when <paramref name="data"/> starts as a PNG whose header declares 16 bits per sample.</summary>
    public static bool IsSixteenBit(ReadOnlySpan<byte> data) =>
        data.Length >= 25 && data[..8].SequenceEqual(Signature) && data.Slice(12, 4).SequenceEqual("IHDR"u8) && data[24] == 16;

    public static DecodedImage Read(byte[] data, string path)
    {
        PngHeader? header = null;
        using var compressed = new MemoryStream();
        int offset = Signature.Length;
        while (true)
        {
            if (data.Length - offset < 12)
            {
                throw new InvalidDataException($"'{path}' is truncated: it ends at byte {data.Length} before the PNG's IEND chunk.");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
            string type = Encoding.ASCII.GetString(data, offset + 4, 4);
            if (length > int.MaxValue || data.Length - offset - 12 < length)
            {
                throw new InvalidDataException($"'{path}' is truncated: its '{type}' chunk at byte {offset} declares {length} bytes, more than the file holds.");
            }

            ReadOnlySpan<byte> typeAndBody = data.AsSpan(offset + 4, 4 + (int)length);
            if (Crc32.Compute(typeAndBody) != BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset + 8 + (int)length)))
            {
                throw new InvalidDataException($"'{path}' is corrupt: its '{type}' chunk at byte {offset} fails its CRC check.");
            }

            ReadOnlySpan<byte> body = typeAndBody[4..];
            offset += 12 + (int)length;
            switch (type)
            {
                case "IHDR":
                    header = PngHeader.Parse(body, path);
                    break;
                case "IDAT" when header is not null:
                    compressed.Write(body);
                    break;
                case "IEND" when header is not null:
                    return Decode(header, compressed, path);
                case "IHDR" or "IDAT" or "IEND":
                    throw new InvalidDataException($"'{path}' is corrupt: its '{type}' chunk comes before the IHDR header.");
                default:
                    // Ancillary chunks start with a lower-case letter; a critical one we do not know cannot be skipped.
                    if (!char.IsAsciiLetterLower(type[0]))
                    {
                        throw new InvalidDataException($"'{path}' holds a critical PNG chunk '{type}' that a 16-bit image cannot have.");
                    }

                    break;
            }
        }
    }

    private static DecodedImage Decode(PngHeader header, MemoryStream compressed, string path)
    {
        int pixelBytes = header.SampleCount * 2;
        long rowBytes = (long)header.Width * pixelBytes;
        long expected = header.Height * (rowBytes + 1);
        if (expected > Array.MaxLength)
        {
            throw new InvalidDataException($"'{path}' is {header.Width}x{header.Height} pixels of 16 bits, too large to read.");
        }

        var filtered = new byte[expected];
        compressed.Position = 0;
        int read;
        try
        {
            using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
            read = inflater.ReadAtLeast(filtered, filtered.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidDataException($"'{path}' is corrupt: its image data cannot be decompressed ({exception.Message}).", exception);
        }

        if (read < expected)
        {
            throw new InvalidDataException($"'{path}' is truncated: its image data holds {read} of the {expected} bytes that {header.Width}x{header.Height} pixels need.");
        }

        PngFilters.Reverse(filtered, header.Height, (int)rowBytes, pixelBytes, path);
        return new DecodedImage(header.Width, header.Height, ToRgba(filtered, header));
    }

    private static float[] ToRgba(byte[] rows, PngHeader header)
    {
        long pixels = (long)header.Width * header.Height;
        float[] rgba = ImageDecoder.OpaqueRgba(pixels);
        int samples = header.SampleCount;
        int rowBytes = header.Width * samples * 2;
        bool color = samples >= 3;
        for (int y = 0; y < header.Height; y++)
        {
            ReadOnlySpan<byte> row = rows.AsSpan((y * (rowBytes + 1)) + 1, rowBytes);
            for (int x = 0; x < header.Width; x++)
            {
                long p = ((long)y * header.Width) + x;
                ReadOnlySpan<byte> pixel = row.Slice(x * samples * 2);
                float first = BinaryPrimitives.ReadUInt16BigEndian(pixel) / 65535f;
                rgba[(p * 4) + 0] = first;
                rgba[(p * 4) + 1] = color ? BinaryPrimitives.ReadUInt16BigEndian(pixel[2..]) / 65535f : first;
                rgba[(p * 4) + 2] = color ? BinaryPrimitives.ReadUInt16BigEndian(pixel[4..]) / 65535f : first;
            }
        }

        return rgba;
    }
}
