using System;
using ModelGen.Internal;

namespace ModelGen.Data;

/// <summary>An axis-aligned ellipse in pixel coordinates.</summary>
internal readonly struct Ellipse
{
    // Tested for every pixel of every slice: multiply by the inverse radii rather than divide.
    private readonly float _inverseRadiusX, _inverseRadiusY;

    public Ellipse(float x, float y, float radiusX, float radiusY)
    {
        (X, Y, RadiusX, RadiusY) = (x, y, radiusX, radiusY);
        (_inverseRadiusX, _inverseRadiusY) = (1 / radiusX, 1 / radiusY);
    }

    public float X { get; }

    public float Y { get; }

    public float RadiusX { get; }

    public float RadiusY { get; }

    public bool Contains(float x, float y)
    {
        float dx = (x - X) * _inverseRadiusX, dy = (y - Y) * _inverseRadiusY;
        return (dx * dx) + (dy * dy) < 1;
    }

    public Ellipse Scaled(float factor) => new(X, Y, RadiusX * factor, RadiusY * factor);
}

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

/// <summary>What a pixel of a phantom slice shows; findings are placed by it.</summary>
internal enum PhantomRegion : byte
{
    Outside,
    SoftTissue,
    Lung,
    Fluid,
    Solid,
}

/// <summary>
/// The pixels of a square image within <c>reach</c> of a point (its bounding square, clipped to the image), enumerated
/// row by row with their offsets from the point: <c>foreach (var (pixel, dx, dy) in new PixelWindow(...))</c>.
/// </summary>
internal struct PixelWindow
{
    private readonly int _size, _left, _right, _bottom;
    private readonly float _x, _y;
    private int _px, _py;

    public PixelWindow(int size, float x, float y, float reach)
    {
        (_size, _x, _y) = (size, x, y);
        _left = Math.Max(0, (int)MathF.Floor(x - reach));
        _right = Math.Min(size - 1, (int)MathF.Floor(x + reach));
        _py = Math.Max(0, (int)MathF.Floor(y - reach));
        _bottom = Math.Min(size - 1, (int)MathF.Floor(y + reach));
        _px = _left - 1;
    }

    public readonly (int Pixel, float Dx, float Dy) Current => ((_py * _size) + _px, _px + 0.5f - _x, _py + 0.5f - _y);

    public readonly PixelWindow GetEnumerator() => this;

    public bool MoveNext()
    {
        if (++_px > _right)
        {
            _px = _left;
            _py++;
        }

        return _py <= _bottom && _left <= _right;
    }
}
