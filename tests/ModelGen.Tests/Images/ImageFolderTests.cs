using System;
using System.IO;
using System.Linq;
using ModelGen.Data;
using ModelGen.Tests.Data;
using Xunit;

namespace ModelGen.Tests.Images;

/// <summary>Class folders: which images are taken, in which order, and what their targets mean.</summary>
public sealed class ImageFolderTests
{
    private static readonly ImageFolderOptions Gray2x1 = new() { Width = 2, Height = 1 };

    [Fact]
    public void Classes_are_sorted_by_name_and_files_by_relative_path_below_each_class()
    {
        using var directory = new TemporaryDirectory();
        string root = directory.Path;
        Image(root, "zebra/b.png", 10);
        Image(root, "zebra/a.PNG", 20);
        Image(root, "apple/scan/2.png", 30);
        Image(root, "apple/10.png", 40);
        Image(root, "apple/scan/1.jpg", 50);
        Image(root, "Mango/x.jpeg", 60);

        ImageDataSet set = ImageFolder.Load(root, Gray2x1);

        Assert.Equal(["Mango", "apple", "zebra"], set.ClassNames);
        string[] expected = ["Mango/x.jpeg", "apple/10.png", "apple/scan/1.jpg", "apple/scan/2.png", "zebra/a.PNG", "zebra/b.png"];
        Assert.Equal(expected.Select(name => Path.Combine(root, name)), set.Files);
        Assert.Equal([0f, 1, 1, 1, 2, 2], set.Data.Targets.ToArray());
        Assert.Equal((ModelTask.MultiClass, 6, 2, 1), (set.Task, set.Data.Count, set.Data.InputLength, set.Data.TargetLength));

        // The 8-bit PNGs hold their value exactly; JPEG is lossy, so only its file's place is checked here.
        Assert.Equal(40 / 255f, set.Data.Input(1)[0]);
        Assert.Equal(20 / 255f, set.Data.Input(4)[0]);
    }

    [Fact]
    public void Hidden_files_hidden_folders_and_other_extensions_are_skipped()
    {
        using var directory = new TemporaryDirectory();
        Image(directory.Path, "cats/a.png", 1);
        Image(directory.Path, "cats/.hidden.png", 2);
        Image(directory.Path, "cats/.thumbnails/b.png", 3);
        File.WriteAllText(Path.Combine(directory.Path, "cats", "notes.txt"), "not an image");
        Image(directory.Path, "dogs/c.png", 4);
        Image(directory.Path, ".trash/d.png", 5);
        Image(directory.Path, "top-level.png", 6);

        ImageDataSet set = ImageFolder.Load(directory.Path, Gray2x1);

        Assert.Equal(["cats", "dogs"], set.ClassNames);
        Assert.Equal(["a.png", "c.png"], set.Files.Select(Path.GetFileName));
    }

    [Fact]
    public void Binary_targets_make_the_second_class_by_name_positive()
    {
        using var directory = new TemporaryDirectory();
        Image(directory.Path, "nodule/1.png", 200);
        Image(directory.Path, "clear/1.png", 10);
        Image(directory.Path, "clear/2.png", 20);

        ImageDataSet set = ImageFolder.Load(directory.Path, new ImageFolderOptions { Width = 2, Height = 1, Binary = true });

        Assert.Equal(["clear", "nodule"], set.ClassNames);
        Assert.Equal([0f, 0, 1], set.Data.Targets.ToArray());
        Assert.Equal(ModelTask.Binary, set.Task);
    }

    [Fact]
    public void Class_names_set_the_order_and_so_the_positive_class()
    {
        using var directory = new TemporaryDirectory();
        Image(directory.Path, "normal/1.png", 1);
        Image(directory.Path, "abnormal/1.png", 2);

        ImageDataSet set = ImageFolder.Load(directory.Path, new ImageFolderOptions { Width = 2, Height = 1, Binary = true, ClassNames = ["normal", "abnormal"] });

        Assert.Equal(["normal", "abnormal"], set.ClassNames);
        Assert.Equal([0f, 1], set.Data.Targets.ToArray());
        Assert.EndsWith("abnormal/1.png", set.Files[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "normal" }, "subfolders not listed: abnormal")]
    [InlineData(new[] { "normal", "abnormal", "other" }, "no such subfolder: other")]
    [InlineData(new[] { "normal", "normal", "abnormal" }, "listed twice: normal")]
    public void Class_names_must_be_exactly_the_subfolders(string[] classNames, string problem)
    {
        using var directory = new TemporaryDirectory();
        Image(directory.Path, "normal/1.png", 1);
        Image(directory.Path, "abnormal/1.png", 2);

        var error = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(directory.Path, new ImageFolderOptions { Width = 2, Height = 1, ClassNames = classNames }));

        Assert.Contains($"must be exactly the subfolders of '{directory.Path}' (abnormal, normal)", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_needs_exactly_two_classes()
    {
        using var directory = new TemporaryDirectory();
        Image(directory.Path, "a/1.png", 1);
        Image(directory.Path, "b/1.png", 2);
        Image(directory.Path, "c/1.png", 3);

        var error = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(directory.Path, new ImageFolderOptions { Width = 2, Height = 1, Binary = true }));

        Assert.Equal($"'{directory.Path}' holds 3 class folders (a, b, c); a binary task needs exactly 2.", error.Message);
    }

    [Fact]
    public void Loading_twice_gives_the_same_samples()
    {
        using var directory = new TemporaryDirectory();
        for (int i = 0; i < 40; i++)
        {
            Image(directory.Path, $"{(i % 3 == 0 ? "yes" : "no")}/{i}.png", (byte)(i * 6));
        }

        ImageDataSet first = ImageFolder.Load(directory.Path, Gray2x1);
        ImageDataSet second = ImageFolder.Load(directory.Path, Gray2x1);

        Assert.Equal(first.Files, second.Files);
        Assert.Equal(first.Data.Inputs.ToArray(), second.Data.Inputs.ToArray());
        Assert.Equal(first.Data.Targets.ToArray(), second.Data.Targets.ToArray());
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(1, 1, 2)]
    public void Options_out_of_range_are_argument_errors(int width, int height, int channels)
    {
        using var directory = new TemporaryDirectory();
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageFolder.Load(directory.Path, new ImageFolderOptions { Width = width, Height = height, Channels = channels }));
    }

    /// <summary>A 2x1 8-bit gray PNG (or JPEG, by extension) filled with <paramref name="value"/>.</summary>
    internal static void Image(string root, string relativePath, byte value)
    {
        string path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (Path.GetExtension(path).ToLowerInvariant() is ".jpg" or ".jpeg")
        {
            SkiaImages.RgbJpeg(path, 2, 1, value, value, value, value, value, value);
        }
        else
        {
            SkiaImages.Gray8Png(path, 2, 1, value, value);
        }
    }
}
