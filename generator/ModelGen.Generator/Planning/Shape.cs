namespace ModelGen.Generator.Planning;

/// <summary>The shape of one sample's activations: an image (channels x height x width) or a vector of <see cref="Channels"/>.</summary>
internal readonly record struct Shape(int Channels, int Height, int Width, bool IsImage)
{
    public static Shape Image(int channels, int height, int width) => new(channels, height, width, true);

    public static Shape Vector(int length) => new(length, 1, 1, false);

    public long Length => (long)Channels * Height * Width;

    public override string ToString() => IsImage ? $"{Channels}x{Height}x{Width}" : Channels.ToString();
}
