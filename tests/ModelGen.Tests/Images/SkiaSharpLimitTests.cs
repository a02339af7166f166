using System;
using System.IO;
using SkiaSharp;
using Xunit;

namespace ModelGen.Tests.Images;

/// <summary>
/// Why ModelGen.Images reads 16-bit PNGs itself: SkiaSharp decodes a 16-bit grayscale PNG at 8-bit precision, even
/// into a half-float bitmap. If this test starts failing, SkiaSharp has changed and the managed reader may be dropped.
/// </summary>
public sealed class SkiaSharpLimitTests
{
    [Fact]
    public void Skiasharp_reduces_sixteen_bit_gray_pngs_to_eight_bits()
    {
        byte[] png = Png16Writer.Encode(2, 1, Png16Writer.Gray, [30000, 30100]);
        using SKCodec codec = SKCodec.Create(new MemoryStream(png));
        var info = new SKImageInfo(2, 1, SKColorType.RgbaF16, SKAlphaType.Unpremul, null);
        var pixels = new byte[info.BytesSize64];

        Assert.Equal(SKCodecResult.Success, codec.GetPixels(info, pixels));

        float first = (float)BitConverter.ToHalf(pixels, 0), second = (float)BitConverter.ToHalf(pixels, 8);
        Assert.Equal(first, second);
        Assert.Equal(117 / 255f, first, 1e-3f);
    }
}
