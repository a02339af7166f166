using System;

namespace ModelGen.Samples;

/// <summary>
/// Lays out small grayscale images side by side, each scaled up by whole pixels (nearest neighbour, so every weight or
/// activation stays a visible square) and separated by a light gap, as one image for <see cref="Data.PngWriter"/>.
/// </summary>
internal sealed class ImageGrid
{
    private const int Gap = 2;
    private const float GapShade = 0.35f;

    private readonly int _columns;
    private readonly int _tileWidth;
    private readonly int _tileHeight;
    private readonly int _scale;

    public ImageGrid(int count, int columns, int tileWidth, int tileHeight, int scale)
    {
        _columns = Math.Min(columns, count);
        _tileWidth = tileWidth;
        _tileHeight = tileHeight;
        _scale = scale;
        int rows = (count + _columns - 1) / _columns;
        Width = (_columns * ((tileWidth * scale) + Gap)) + Gap;
        Height = (rows * ((tileHeight * scale) + Gap)) + Gap;
        Pixels = new float[Width * Height];
        Array.Fill(Pixels, GapShade);
    }

    public int Width { get; }

    public int Height { get; }

    public float[] Pixels { get; }

    /// <summary>Draws tile <paramref name="index"/> (row-major, values already in [0, 1]).</summary>
    public void Draw(int index, ReadOnlySpan<float> tile)
    {
        int left = Gap + ((index % _columns) * ((_tileWidth * _scale) + Gap));
        int top = Gap + ((index / _columns) * ((_tileHeight * _scale) + Gap));
        for (int y = 0; y < _tileHeight * _scale; y++)
        {
            for (int x = 0; x < _tileWidth * _scale; x++)
            {
                Pixels[((top + y) * Width) + left + x] = tile[((y / _scale) * _tileWidth) + (x / _scale)];
            }
        }
    }

    /// <summary>Stretches <paramref name="values"/> so its smallest value is black and its largest white.</summary>
    public static float[] Stretch(ReadOnlySpan<float> values)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float value in values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        float range = max > min ? max - min : 1;
        var stretched = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            stretched[i] = (values[i] - min) / range;
        }

        return stretched;
    }

    /// <summary>Maps weights to gray around 0.5: zero is mid-gray, the largest magnitude black or white.</summary>
    public static float[] Centre(ReadOnlySpan<float> values, float largestMagnitude)
    {
        var centred = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            centred[i] = 0.5f + (0.5f * values[i] / largestMagnitude);
        }

        return centred;
    }
}
