using System;

namespace ModelGen.Data;

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
