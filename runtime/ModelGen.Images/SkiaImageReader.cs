using System.IO;
using SkiaSharp;

namespace ModelGen.Data;

/// <summary>Decodes 8-bit PNG, JPEG and the other formats SkiaSharp reads, as stored: no colour-space conversion.</summary>
internal static class SkiaImageReader
{
    public static DecodedImage Read(byte[] data, string path)
    {
        using SKCodec? codec = SKCodec.Create(new MemoryStream(data), out SKCodecResult opened);
        if (codec is null)
        {
            throw new InvalidDataException(
                $"'{path}' cannot be decoded: it is not a PNG or JPEG image, or its header is cut short (SkiaSharp: {opened}).");
        }

        int width = codec.Info.Width, height = codec.Info.Height;
        ImageDecoder.CheckSize(width, height, path);

        // A null colour space asks for the stored values, as the 16-bit reader returns them.
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul, null);
        var pixels = new byte[info.BytesSize64];
        SKCodecResult decoded = codec.GetPixels(info, pixels);
        if (decoded != SKCodecResult.Success)
        {
            throw new InvalidDataException($"'{path}' is a {width}x{height} {codec.EncodedFormat} image whose pixels cannot be decoded ({Describe(decoded)}).");
        }

        float[] rgba = ImageDecoder.OpaqueRgba((long)width * height);
        for (int p = 0; p < width * height; p++)
        {
            rgba[(p * 4) + 0] = pixels[(p * 4) + 0] / 255f;
            rgba[(p * 4) + 1] = pixels[(p * 4) + 1] / 255f;
            rgba[(p * 4) + 2] = pixels[(p * 4) + 2] / 255f;
        }

        return new DecodedImage(width, height, rgba);
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "the file ends early: it is truncated",
        SKCodecResult.ErrorInInput or SKCodecResult.InvalidInput => "the data is corrupt",
        _ => $"SkiaSharp: {result}",
    };
}
