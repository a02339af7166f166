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
