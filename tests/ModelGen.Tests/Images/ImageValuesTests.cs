using System;
using System.IO;
using System.Linq;
using ModelGen.Data;
using ModelGen.Tests.Data;
using Xunit;

namespace ModelGen.Tests.Images;

/// <summary>Pixel values: 8-bit and 16-bit scaling to [0, 1], CHW layout, grayscale conversion, bilinear resizing.</summary>
public sealed class ImageValuesTests
{
    [Fact]
    public void Eight_bit_gray_pixels_are_value_over_255_row_by_row()
    {
        float[] pixels = LoadOne("a.png", path => SkiaImages.Gray8Png(path, 3, 2, 0, 1, 2, 128, 254, 255), 3, 2);
        Assert.Equal(new[] { 0, 1, 2, 128, 254, 255 }.Select(v => v / 255f), pixels);
    }

    [Fact]
    public void Rgb_images_become_three_planes_with_three_channels()
    {
        byte[] rgb = [10, 20, 30, 40, 50, 60];
        float[] pixels = LoadOne("a.png", path => SkiaImages.RgbPng(path, 2, 1, rgb), 2, 1, channels: 3);
        Assert.Equal(new[] { 10, 40, 20, 50, 30, 60 }.Select(v => v / 255f), pixels);
    }

    [Fact]
    public void Rgb_images_become_bt601_luma_with_one_channel()
    {
        byte[] rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 90, 90, 90];
        float[] pixels = LoadOne("a.png", path => SkiaImages.RgbPng(path, 4, 1, rgb), 4, 1);
        Assert.Equal(0.299f, pixels[0], 1e-6f);
        Assert.Equal(0.587f, pixels[1], 1e-6f);
        Assert.Equal(0.114f, pixels[2], 1e-6f);
        Assert.Equal(90 / 255f, pixels[3]);
    }

    [Fact]
    public void Jpeg_pixels_come_back_within_jpeg_error()
    {
        // Flat 16x16 blocks (a JPEG macroblock with 4:2:0 chroma), so quality 100 keeps them to within a few levels
        // except next to the edge between them, where the decoder's chroma upsampling blends the two colours.
        const int Width = 32, Height = 16;
        byte[] Colour(int p) => p % Width < 16 ? [200, 40, 40] : [30, 30, 220];
        byte[] rgb = Enumerable.Range(0, Width * Height).SelectMany(Colour).ToArray();
        float[] pixels = LoadOne("a.jpg", path => SkiaImages.RgbJpeg(path, Width, Height, rgb), Width, Height, channels: 3);
        foreach (int p in Enumerable.Range(0, Width * Height).Where(p => Math.Abs((p % Width) - 15.5) > 2))
        {
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(Colour(p)[c] / 255f, pixels[(c * Width * Height) + p], 3 / 255f);
            }
        }
    }

    [Fact]
    public void Sixteen_bit_gray_keeps_steps_far_below_one_255th()
    {
        ushort[] values = [30000, 30001, 30002, 30100, 0, 1, 65534, 65535];
        float[] pixels = LoadOne("a.png", path => File.WriteAllBytes(path, Png16Writer.Encode(4, 2, Png16Writer.Gray, values)), 4, 2);

        Assert.Equal(values.Select(v => v / 65535f), pixels);
        Assert.Equal(pixels.Length, pixels.Distinct().Count());
    }

    [Fact]
    public void Sixteen_bit_gray_stays_distinct_through_resizing()
    {
        ushort[] values = [30000, 30001];
        float[] pixels = LoadOne("a.png", path => File.WriteAllBytes(path, Png16Writer.Encode(2, 1, Png16Writer.Gray, values)), 4, 1);

        float a = 30000 / 65535f, b = 30001 / 65535f;
        float[] expected = [a, (0.75f * a) + (0.25f * b), (0.25f * a) + (0.75f * b), b];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], pixels[i], 1e-7f);
        }

        Assert.True(pixels[0] < pixels[1] && pixels[1] < pixels[2] && pixels[2] < pixels[3], string.Join(", ", pixels));
    }

    [Theory]
    [InlineData(Png16Writer.Gray, 1)]
    [InlineData(Png16Writer.GrayAlpha, 2)]
    [InlineData(Png16Writer.Rgb, 3)]
    [InlineData(Png16Writer.Rgba, 4)]
    public void Sixteen_bit_pngs_of_every_colour_type_and_filter_are_exact(int colorType, int samplesPerPixel)
    {
        // Five rows, so each of the five PNG filters is used once; alpha is dropped.
        const int Width = 7, Height = 5;
        var random = new Random(colorType);
        ushort[] samples = Enumerable.Range(0, Width * Height * samplesPerPixel).Select(_ => (ushort)random.Next(65536)).ToArray();
        float[] pixels = LoadOne("a.png", path => File.WriteAllBytes(path, Png16Writer.Encode(Width, Height, colorType, samples)), Width, Height, channels: 3);

        for (int p = 0; p < Width * Height; p++)
        {
            for (int c = 0; c < 3; c++)
            {
                int sample = samplesPerPixel >= 3 ? (p * samplesPerPixel) + c : p * samplesPerPixel;
                Assert.Equal(samples[sample] / 65535f, pixels[(c * Width * Height) + p]);
            }
        }
    }

    [Fact]
    public void Sixteen_bit_rgb_pngs_encoded_by_skiasharp_are_exact()
    {
        ushort[] rgb = [30000, 30001, 30002, 0, 65535, 12345, 1, 2, 3, 40000, 40001, 40002];
        float[] pixels = LoadOne("a.png", path => SkiaImages.Rgb16Png(path, 2, 2, rgb), 2, 2, channels: 3);

        for (int p = 0; p < 4; p++)
        {
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(rgb[(p * 3) + c] / 65535f, pixels[(c * 4) + p]);
            }
        }
    }

    [Fact]
    public void Resizing_is_bilinear_with_half_pixel_centres_and_clamped_edges()
    {
        float[] up = LoadOne("a.png", path => SkiaImages.Gray8Png(path, 2, 1, 0, 255), 4, 1);
        Assert.Equal([0f, 0.25f, 0.75f, 1f], up);

        float[] down = LoadOne("a.png", path => SkiaImages.Gray8Png(path, 4, 1, 0, 255, 128, 64), 2, 1);
        Assert.Equal(127.5f / 255f, down[0], 1e-6f);
        Assert.Equal(96f / 255f, down[1], 1e-6f);
    }

    private static float[] LoadOne(string name, Action<string> write, int width, int height, int channels = 1)
    {
        using var directory = new TemporaryDirectory();
        Directory.CreateDirectory(directory.File("class"));
        write(Path.Combine(directory.File("class"), name));
        ImageDataSet set = ImageFolder.Load(directory.Path, new ImageFolderOptions { Width = width, Height = height, Channels = channels });
        Assert.Equal(channels * width * height, set.Data.InputLength);
        return set.Data.Input(0).ToArray();
    }
}
