namespace ModelGen.Data;

/// <summary>An image as unpremultiplied RGBA floats in [0, 1], row after row; alpha is always 1 (it is not kept).</summary>
internal sealed class DecodedImage(int width, int height, float[] rgba)
{
    public int Width { get; } = width;

    public int Height { get; } = height;

    public float[] Rgba { get; } = rgba;
}
