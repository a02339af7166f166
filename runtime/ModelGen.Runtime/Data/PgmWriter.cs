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
        GrayLevels.CheckSize(pixels, width, height);

        byte[] header = Encoding.ASCII.GetBytes($"P5\n{width} {height}\n255\n");
        var bytes = new byte[header.Length + pixels.Length];
        header.CopyTo(bytes, 0);
        for (int i = 0; i < pixels.Length; i++)
        {
            bytes[header.Length + i] = GrayLevels.From(pixels[i]);
        }

        File.WriteAllBytes(path, bytes);
    }
}
