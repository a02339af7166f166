using System;
using ModelGen.Internal;

namespace ModelGen.Data;

/// <summary>Smooth random texture in [-1, 1]: random values on a coarse grid, interpolated with smoothstep weights.</summary>
internal sealed class ValueNoise(int cells)
{
    private readonly float[] _grid = new float[(cells + 1) * (cells + 1)];

    public void Reseed(ref SeededRandom random)
    {
        for (int i = 0; i < _grid.Length; i++)
        {
            _grid[i] = random.Uniform(-1, 1);
        }
    }

    /// <summary>Adds <paramref name="amplitude"/> times the texture to a <paramref name="size"/> x <paramref name="size"/> field.</summary>
    public void AddTo(Span<float> field, int size, float amplitude)
    {
        Span<int> cellOf = stackalloc int[size];
        Span<float> weightOf = stackalloc float[size];
        for (int i = 0; i < size; i++)
        {
            // Pixel i's centre in grid units; the smoothstep weight of the cell's far corner.
            float g = (i + 0.5f) * cells / size;
            cellOf[i] = Math.Min((int)g, cells - 1);
            float t = g - cellOf[i];
            weightOf[i] = t * t * (3 - (2 * t));
        }

        Span<float> row = stackalloc float[cells + 1];
        for (int y = 0; y < size; y++)
        {
            int top = cellOf[y] * (cells + 1);
            for (int i = 0; i <= cells; i++)
            {
                row[i] = _grid[top + i] + (weightOf[y] * (_grid[top + cells + 1 + i] - _grid[top + i]));
            }

            Span<float> line = field.Slice(y * size, size);
            for (int x = 0; x < size; x++)
            {
                int ix = cellOf[x];
                line[x] += amplitude * (row[ix] + (weightOf[x] * (row[ix + 1] - row[ix])));
            }
        }
    }
}
