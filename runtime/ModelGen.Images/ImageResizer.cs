using System;
using SkiaSharp;

namespace ModelGen.Data;

/// <summary>
/// Bilinear resizing with SkiaSharp on 32-bit float pixels, so 16-bit precision survives: pixel centres at half
/// steps and edges clamped, as PyTorch's <c>interpolate(mode="bilinear", align_corners=False, antialias=False)</c>.
/// </summary>
internal static class ImageResizer
{
    private static readonly SKSamplingOptions Bilinear = new(SKFilterMode.Linear, SKMipmapMode.None);

    public static DecodedImage Resize(DecodedImage image, int width, int height)
    {
        if (image.Width == width && image.Height == height)
        {
            return image;
        }

        var resized = new float[checked(width * height * 4)];
        var sourceInfo = new SKImageInfo(image.Width, image.Height, SKColorType.RgbaF32, SKAlphaType.Opaque, null);
        var targetInfo = new SKImageInfo(width, height, SKColorType.RgbaF32, SKAlphaType.Opaque, null);
        bool scaled;
        unsafe
        {
            fixed (float* source = image.Rgba)
            fixed (float* target = resized)
            {
                using var sourcePixels = new SKPixmap(sourceInfo, (IntPtr)source);
                using var targetPixels = new SKPixmap(targetInfo, (IntPtr)target);
                scaled = sourcePixels.ScalePixels(targetPixels, Bilinear);
            }
        }

        if (!scaled)
        {
            throw new InvalidOperationException($"SkiaSharp could not resize a {image.Width}x{image.Height} image to {width}x{height}.");
        }

        return new DecodedImage(width, height, resized);
    }
}
