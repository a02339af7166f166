using System;
using System.IO;
using System.Text;

namespace ModelGen.Data;

/// <summary>Writes grayscale images as binary PGM (P5, 8 bits), a format every image viewer and converter reads.</summary>
public static class PgmWriter
{
    /// <summary>
    /// Writes <paramref name="pixels"/> (<paramref name="height"/> rows of <paramref name="width"/>, top row first) to
    /// <paramref name="path"/>: values are clamped to [0, 1] and scaled to 0 to 255; NaN becomes 0.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<float> pixels, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if ((long)width * height != pixels.Length)
        {
            throw new ArgumentException($"A {width}x{height} image has {(long)width * height} pixels but {pixels.Length} were given.", nameof(pixels));
        }

        byte[] header = Encoding.ASCII.GetBytes($"P5\n{width} {height}\n255\n");
        var bytes = new byte[header.Length + pixels.Length];
        header.CopyTo(bytes, 0);
        for (int i = 0; i < pixels.Length; i++)
        {
            float value = pixels[i];
            bytes[header.Length + i] = value > 0 ? (byte)((Math.Min(value, 1) * 255) + 0.5f) : (byte)0;
        }

        File.WriteAllBytes(path, bytes);
    }
}
