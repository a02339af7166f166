using System;
using System.IO;

namespace ModelGen.Data;

/// <summary>Decodes one image file: 16-bit PNGs with <see cref="Png16Reader"/>, everything else with SkiaSharp.</summary>
internal static class ImageDecoder
{
    /// <summary>The largest image accepted: its RGBA floats must fit in one array.</summary>
    public const long MaxPixels = int.MaxValue / 4;

    public static DecodedImage Decode(string path)
    {
        byte[] data = File.ReadAllBytes(path);
        if (data.Length == 0)
        {
            throw new InvalidDataException($"'{path}' is empty; expected a PNG or JPEG image.");
        }

        // SkiaSharp reduces 16-bit grayscale PNGs to 8 bits, and other 16-bit PNGs to half floats (11 bits).
        return Png16Reader.IsSixteenBit(data) ? Png16Reader.Read(data, path) : SkiaImageReader.Read(data, path);
    }

    public static void CheckSize(long width, long height, string path)
    {
        if (width * height > MaxPixels)
        {
            throw new InvalidDataException($"'{path}' is {width}x{height} pixels; at most {MaxPixels:N0} pixels are supported.");
        }
    }

    public static float[] OpaqueRgba(long pixels)
    {
        var rgba = new float[pixels * 4];
        for (long p = 0; p < pixels; p++)
        {
            rgba[(p * 4) + 3] = 1;
        }

        return rgba;
    }
}
