using System;
using System.Buffers.Binary;
using System.IO;

namespace ModelGen.Data;

/// <summary>The IHDR chunk of a 16-bit PNG: size and samples per pixel.</summary>
internal sealed class PngHeader
{
    private PngHeader(int width, int height, int sampleCount) => (Width, Height, SampleCount) = (width, height, sampleCount);

    public int Width { get; }

    public int Height { get; }

    /// <summary>Samples per pixel: 1 gray, 2 gray and alpha, 3 RGB, 4 RGBA.</summary>
    public int SampleCount { get; }

    public static PngHeader Parse(ReadOnlySpan<byte> body, string path)
    {
        if (body.Length != 13)
        {
            throw new InvalidDataException($"'{path}' is corrupt: its IHDR chunk holds {body.Length} bytes; expected 13.");
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(body);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
        {
            throw new InvalidDataException($"'{path}' is corrupt: its header declares {width}x{height} pixels.");
        }

        ImageDecoder.CheckSize(width, height, path);
        int sampleCount = body[9] switch
        {
            0 => 1,
            2 => 3,
            4 => 2,
            6 => 4,
            _ => throw new InvalidDataException($"'{path}' is corrupt: PNG colour type {body[9]} cannot have 16 bits per sample."),
        };

        if (body[10] != 0 || body[11] != 0)
        {
            throw new InvalidDataException($"'{path}' is corrupt: its header names compression method {body[10]} and filter method {body[11]}; PNG defines only 0.");
        }

        if (body[12] != 0)
        {
            throw new InvalidDataException($"'{path}' is an interlaced (Adam7) 16-bit PNG, which is not supported; save it without interlacing.");
        }

        return new PngHeader((int)width, (int)height, sampleCount);
    }
}
