using System.IO;
using SkiaSharp;

namespace ModelGen.Tests.Images;

/// <summary>Writes test images with SkiaSharp's own encoders.</summary>
internal static class SkiaImages
{
    /// <summary>An 8-bit grayscale PNG of <paramref name="values"/>, row after row.</summary>
    public static void Gray8Png(string path, int width, int height, params byte[] values) =>
        Write(path, new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque), values, SKEncodedImageFormat.Png);

    /// <summary>An 8-bit RGB PNG; <paramref name="rgb"/> holds R, G, B per pixel.</summary>
    public static void RgbPng(string path, int width, int height, params byte[] rgb) =>
        Write(path, new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), ToRgba(rgb), SKEncodedImageFormat.Png);

    /// <summary>A JPEG at quality 100; <paramref name="rgb"/> holds R, G, B per pixel.</summary>
    public static void RgbJpeg(string path, int width, int height, params byte[] rgb) =>
        Write(path, new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), ToRgba(rgb), SKEncodedImageFormat.Jpeg);

    /// <summary>A 16-bit RGBA bitmap as SkiaSharp encodes it (a 16-bit RGB PNG when opaque); samples R, G, B per pixel.</summary>
    public static void Rgb16Png(string path, int width, int height, params ushort[] rgb)
    {
        var pixels = new byte[width * height * 8];
        for (int p = 0; p < width * height; p++)
        {
            for (int c = 0; c < 4; c++)
            {
                ushort value = c < 3 ? rgb[(p * 3) + c] : ushort.MaxValue;
                pixels[(p * 8) + (c * 2)] = (byte)value;
                pixels[(p * 8) + (c * 2) + 1] = (byte)(value >> 8);
            }
        }

        Write(path, new SKImageInfo(width, height, SKColorType.Rgba16161616, SKAlphaType.Opaque), pixels, SKEncodedImageFormat.Png);
    }

    private static byte[] ToRgba(byte[] rgb)
    {
        var rgba = new byte[rgb.Length / 3 * 4];
        for (int p = 0; p < rgb.Length / 3; p++)
        {
            (rgba[p * 4], rgba[(p * 4) + 1], rgba[(p * 4) + 2], rgba[(p * 4) + 3]) = (rgb[p * 3], rgb[(p * 3) + 1], rgb[(p * 3) + 2], 255);
        }

        return rgba;
    }

    private static void Write(string path, SKImageInfo info, byte[] pixels, SKEncodedImageFormat format)
    {
        using SKImage image = SKImage.FromPixelCopy(info, pixels);
        using SKData data = image.Encode(format, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
