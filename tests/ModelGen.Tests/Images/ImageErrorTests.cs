using System;
using System.IO;
using System.Linq;
using ModelGen.Data;
using ModelGen.Tests.Data;
using Xunit;

namespace ModelGen.Tests.Images;

/// <summary>Bad files and folders give an InvalidDataException that names the file and what was expected.</summary>
public sealed class ImageErrorTests
{
    private static readonly ImageFolderOptions Gray2x2 = new() { Width = 2, Height = 2 };

    [Fact]
    public void A_file_that_is_not_an_image_is_named()
    {
        string message = LoadBad("a.png", path => File.WriteAllText(path, "this is not a PNG, only text with a .png name"));
        Assert.Contains("cannot be decoded: it is not a PNG or JPEG image", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_named()
    {
        string message = LoadBad("a.jpg", path => File.WriteAllBytes(path, []));
        Assert.Contains("is empty; expected a PNG or JPEG image.", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.png")]
    [InlineData("a.jpg")]
    public void A_truncated_eight_bit_image_is_named(string name)
    {
        string message = LoadBad(name, path =>
        {
            WriteNoise(path, 32, 32);
            byte[] bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        });
        Assert.Contains("truncated", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_sixteen_bit_png_is_named()
    {
        byte[] png = Png16Writer.Encode(8, 8, Png16Writer.Gray, Noise16(64));
        string message = LoadBad("a.png", path => File.WriteAllBytes(path, png[..(png.Length - 30)]));
        Assert.Contains("is truncated: its 'IDAT' chunk at byte 33 declares", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sixteen_bit_png_ending_before_iend_is_named()
    {
        byte[] png = Png16Writer.Encode(8, 8, Png16Writer.Gray, Noise16(64));
        string message = LoadBad("a.png", path => File.WriteAllBytes(path, png[..^12]));
        Assert.Contains("is truncated: it ends at byte", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupted_sixteen_bit_png_fails_its_crc_check()
    {
        byte[] png = Png16Writer.Encode(8, 8, Png16Writer.Gray, Noise16(64));
        png[45] ^= 0x10;
        string message = LoadBad("a.png", path => File.WriteAllBytes(path, png));
        Assert.Contains("is corrupt: its 'IDAT' chunk at byte 33 fails its CRC check.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interlaced_sixteen_bit_png_is_refused_by_name()
    {
        byte[] png = Png16Writer.Encode(2, 2, Png16Writer.Gray, Noise16(4), interlace: 1);
        string message = LoadBad("a.png", path => File.WriteAllBytes(path, png));
        Assert.Contains("is an interlaced (Adam7) 16-bit PNG, which is not supported", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_damage_to_images_gives_invalid_data_or_valid_pixels_never_another_exception()
    {
        var random = new Random(7);
        using var directory = new TemporaryDirectory();
        string folder = Directory.CreateDirectory(directory.File("class")).FullName;
        string[] names = ["a.png", "b.jpg", "c.png"];
        WriteNoise(Path.Combine(folder, names[0]), 16, 16);
        WriteNoise(Path.Combine(folder, names[1]), 16, 16);
        File.WriteAllBytes(Path.Combine(folder, names[2]), Png16Writer.Encode(16, 16, Png16Writer.Gray, Noise16(256)));
        byte[][] originals = names.Select(name => File.ReadAllBytes(Path.Combine(folder, name))).ToArray();

        for (int trial = 0; trial < 150; trial++)
        {
            int which = trial % names.Length;
            byte[] damaged = (byte[])originals[which].Clone();
            if (trial % 2 == 0)
            {
                damaged = damaged[..random.Next(damaged.Length)];
            }
            else
            {
                damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
            }

            for (int i = 0; i < names.Length; i++)
            {
                File.WriteAllBytes(Path.Combine(folder, names[i]), i == which ? damaged : originals[i]);
            }

            try
            {
                ImageDataSet set = ImageFolder.Load(directory.Path, Gray2x2);
                Assert.All(set.Data.Inputs.ToArray(), value => Assert.InRange(value, 0f, 1f));
            }
            catch (InvalidDataException error)
            {
                Assert.Contains(names[which], error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_first_bad_file_in_load_order_is_reported_whatever_the_scheduling()
    {
        using var directory = new TemporaryDirectory();
        for (int i = 0; i < 30; i++)
        {
            ImageFolderTests.Image(directory.Path, $"class/{i:00}.png", 1);
        }

        File.WriteAllText(directory.File("class/17.png"), "bad");
        File.WriteAllText(directory.File("class/25.png"), "bad");
        for (int run = 0; run < 5; run++)
        {
            var error = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(directory.Path, Gray2x2));
            Assert.StartsWith($"'{directory.File("class/17.png")}'", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_class_folder_without_images_is_named()
    {
        using var directory = new TemporaryDirectory();
        ImageFolderTests.Image(directory.Path, "full/a.png", 1);
        Directory.CreateDirectory(directory.File("empty"));
        File.WriteAllText(directory.File("empty/readme.txt"), "no images here");

        var error = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(directory.Path, Gray2x2));

        Assert.Equal(
            $"The class folder '{directory.File("empty")}' holds no PNG or JPEG images (.png, .jpg, .jpeg); every class needs at least one.", error.Message);
    }

    [Fact]
    public void A_folder_without_class_subfolders_is_named()
    {
        using var directory = new TemporaryDirectory();
        ImageFolderTests.Image(directory.Path, "a.png", 1);

        var error = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(directory.Path, Gray2x2));

        Assert.StartsWith($"'{directory.Path}' has no class subfolders; expected one subfolder per class", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_is_a_directory_not_found_error()
    {
        using var directory = new TemporaryDirectory();
        var error = Assert.Throws<DirectoryNotFoundException>(() => ImageFolder.Load(directory.File("nowhere"), Gray2x2));
        Assert.Contains(directory.File("nowhere"), error.Message, StringComparison.Ordinal);
    }

    private static string LoadBad(string name, Action<string> write)
    {
        using var directory = new TemporaryDirectory();
        ImageFolderTests.Image(directory.Path, "class/0-good.png", 1);
        string path = Path.Combine(directory.File("class"), name);
        write(path);

        var error = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(directory.Path, Gray2x2));

        Assert.StartsWith($"'{path}'", error.Message, StringComparison.Ordinal);
        return error.Message;
    }

    private static void WriteNoise(string path, int width, int height)
    {
        var random = new Random(3);
        byte[] rgb = new byte[width * height * 3];
        random.NextBytes(rgb);
        if (path.EndsWith(".png", StringComparison.Ordinal))
        {
            SkiaImages.RgbPng(path, width, height, rgb);
        }
        else
        {
            SkiaImages.RgbJpeg(path, width, height, rgb);
        }
    }

    private static ushort[] Noise16(int count)
    {
        var random = new Random(5);
        return Enumerable.Range(0, count).Select(_ => (ushort)random.Next(65536)).ToArray();
    }
}
