using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using ModelGen.Tests.Data;
using ModelGen.Tests.Harness;
using Xunit;

namespace ModelGen.Tests.Images;

/// <summary>
/// The main job on an image folder, run as a user runs it: <c>--data images:DIR</c>. Serial, so its build of the sample
/// never overlaps MainJobTests' build of the same project.
/// </summary>
[Collection(nameof(SerialCollection))]
public sealed class TrainScansImagesTests
{
    [Fact]
    public async Task The_main_job_trains_on_a_folder_of_mixed_images_and_separates_its_classes()
    {
        using var directory = new TemporaryDirectory();
        string images = Directory.CreateDirectory(directory.File("images")).FullName;
        WriteBlobImages(images, count: 600);
        string output = directory.File("out");

        string root = Prerequisites.RepositoryRoot();
        var run = await ProcessRunner.Run(
            "dotnet",
            ["run", "-c", "Release", "--project", Path.Combine(root, "samples", "TrainScans"), "--", "--data", "images:" + images, "--epochs", "4", "--out", output],
            root);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("600 images; target 0 = blob, 1 = plain (the positive class", run.Output, StringComparison.Ordinal);
        Assert.Contains("480 training, 60 validation and 60 test samples", run.Output, StringComparison.Ordinal);
        Match row = Regex.Match(run.Output, @"^\s*nodule\s+\d+\s+\d+\s+(?<auroc>[0-9.]+)\s+\[", RegexOptions.Multiline);
        Assert.True(row.Success, "no AUROC row in the report:\n" + run.Output);
        double auroc = double.Parse(row.Groups["auroc"].Value, CultureInfo.InvariantCulture);
        Assert.True(auroc >= 0.95, $"test AUROC {auroc}\n{run.Output}");
        Assert.True(File.Exists(Path.Combine(output, "images.mgw")), "images.mgw was not written");
    }

    [Fact]
    public async Task The_main_job_names_a_bad_image_folder_and_exits_with_an_error()
    {
        using var directory = new TemporaryDirectory();
        using var output = new TemporaryDirectory();
        string root = Prerequisites.RepositoryRoot();
        var run = await ProcessRunner.Run(
            "dotnet", ["run", "-c", "Release", "--project", Path.Combine(root, "samples", "TrainScans"), "--", "--data", "images:" + directory.Path, "--out", output.Path], root);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"'{directory.Path}' has no class subfolders", run.Error, StringComparison.Ordinal);
    }

    // 48x48 noise, with a bright disk in the "blob" class; by turns 8-bit PNG, 16-bit PNG and JPEG in both classes,
    // so the sample's resize to 64x64 and every decoder are on its path.
    private static void WriteBlobImages(string folder, int count)
    {
        const int Size = 48;
        var random = new Random(11);
        Directory.CreateDirectory(Path.Combine(folder, "blob"));
        Directory.CreateDirectory(Path.Combine(folder, "plain"));
        for (int i = 0; i < count; i++)
        {
            bool blob = i % 2 == 0;
            float cx = random.Next(8, Size - 8), cy = random.Next(8, Size - 8);
            var pixels = new float[Size * Size];
            for (int p = 0; p < pixels.Length; p++)
            {
                float dx = (p % Size) - cx, dy = (p / Size) - cy;
                pixels[p] = 0.2f + (0.3f * random.NextSingle()) + (blob && (dx * dx) + (dy * dy) <= 25 ? 0.35f : 0);
            }

            string stem = Path.Combine(folder, blob ? "blob" : "plain", $"{i:000}");
            switch (i % 3)
            {
                case 0:
                    SkiaImages.Gray8Png(stem + ".png", Size, Size, Array.ConvertAll(pixels, v => (byte)((v * 255) + 0.5f)));
                    break;
                case 1:
                    File.WriteAllBytes(stem + ".png", Png16Writer.Encode(Size, Size, Png16Writer.Gray, Array.ConvertAll(pixels, v => (ushort)((v * 65535) + 0.5f))));
                    break;
                default:
                    byte[] gray = Array.ConvertAll(pixels, v => (byte)((v * 255) + 0.5f));
                    SkiaImages.RgbJpeg(stem + ".jpg", Size, Size, [.. System.Linq.Enumerable.SelectMany(gray, g => new[] { g, g, g })]);
                    break;
            }
        }
    }
}
