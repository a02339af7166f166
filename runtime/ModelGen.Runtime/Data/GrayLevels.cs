using System;

namespace ModelGen.Data;

/// <summary>What the grayscale image writers share: the size check, and a float pixel as an 8-bit level.</summary>
internal static class GrayLevels
{
    /// <summary>Throws unless <paramref name="pixels"/> holds exactly <paramref name="height"/> rows of <paramref name="width"/>.</summary>
    public static void CheckSize(ReadOnlySpan<float> pixels, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if ((long)width * height != pixels.Length)
        {
            throw new ArgumentException($"A {width}x{height} image has {(long)width * height} pixels but {pixels.Length} were given.", nameof(pixels));
        }
    }

    /// <summary>The value clamped to [0, 1] and scaled to 0 to 255, rounded; NaN becomes 0.</summary>
    public static byte From(float value) => value > 0 ? (byte)((Math.Min(value, 1) * 255) + 0.5f) : (byte)0;
}
