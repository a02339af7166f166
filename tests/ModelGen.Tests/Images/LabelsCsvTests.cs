using System;
using System.IO;
using ModelGen.Data;
using ModelGen.Tests.Data;
using Xunit;

namespace ModelGen.Tests.Images;

/// <summary>Multi-label data from a CSV of file names and 0/1 columns.</summary>
public sealed class LabelsCsvTests
{
    private static readonly ImageFolderOptions Gray2x1 = new() { Width = 2, Height = 1 };

    [Fact]
    public void Rows_give_samples_in_order_with_one_target_per_label()
    {
        using var directory = new TemporaryDirectory();
        ImageFolderTests.Image(directory.Path, "images/b.png", 10);
        ImageFolderTests.Image(directory.Path, "images/a.png", 20);
        ImageFolderTests.Image(directory.Path, "c.png", 30);
        string csv = Csv(directory, "file, nodule, effusion\r\nimages/b.png,1,0\r\nimages/a.png, 0 , 0\r\n\r\nc.png,1,1\r\n\r\n");

        ImageDataSet set = ImageFolder.LoadCsv(csv, Gray2x1);

        Assert.Equal(["nodule", "effusion"], set.ClassNames);
        Assert.Equal(
            [Path.Combine(directory.Path, "images", "b.png"), Path.Combine(directory.Path, "images", "a.png"), Path.Combine(directory.Path, "c.png")],
            set.Files);
        Assert.Equal([1f, 0, 0, 0, 1, 1], set.Data.Targets.ToArray());
        Assert.Equal((ModelTask.MultiLabel, 3, 2), (set.Task, set.Data.Count, set.Data.TargetLength));
        Assert.Equal([10 / 255f, 10 / 255f, 20 / 255f, 20 / 255f, 30 / 255f, 30 / 255f], set.Data.Inputs.ToArray());
    }

    [Fact]
    public void Absolute_paths_are_taken_as_they_are()
    {
        using var directory = new TemporaryDirectory();
        using var elsewhere = new TemporaryDirectory();
        ImageFolderTests.Image(elsewhere.Path, "x.png", 5);
        string csv = Csv(directory, $"file,finding\n{Path.Combine(elsewhere.Path, "x.png")},1\n");

        ImageDataSet set = ImageFolder.LoadCsv(csv, Gray2x1);

        Assert.Equal([Path.Combine(elsewhere.Path, "x.png")], set.Files);
    }

    [Theory]
    [InlineData("file,a,b\nx.png,1\n", "line 2 has 2 columns; expected 3 (the file and 2 labels, as the header).")]
    [InlineData("file,a,b\nx.png,1,0,1\n", "line 2 has 4 columns; expected 3 (the file and 2 labels, as the header).")]
    [InlineData("file,a,b\nx.png,1,2\n", "line 2, label 'b': '2' is not 0 or 1.")]
    [InlineData("file,a,b\nx.png,yes,0\n", "line 2, label 'a': 'yes' is not 0 or 1.")]
    [InlineData("file,a,b\nx.png,0.5,0\n", "line 2, label 'a': '0.5' is not 0 or 1.")]
    [InlineData("file,a,b\nx.png,,0\n", "line 2, label 'a': '' is not 0 or 1.")]
    [InlineData("file,a,b\nx.png,1,0\nmissing.png,0,1\n", "line 3 names 'missing.png', which does not exist")]
    [InlineData("file,a,b\n,1,0\n", "line 2 has an empty file name.")]
    [InlineData("file\nx.png\n", "line 1: the header 'file' must be 'file,LABEL1,LABEL2,...'")]
    [InlineData("file,a,a\nx.png,1,0\n", "line 1: the header 'file,a,a' must be")]
    [InlineData("file,a,\nx.png,1,0\n", "line 1: the header 'file,a,' must be")]
    [InlineData("file,a\n\"x.png\",1\n", "line 2 holds a quote; quoted fields are not supported")]
    [InlineData("file,a,b\n", "has a header but no rows; expected one row per image.")]
    [InlineData("\n  \n", "is empty; expected a header 'file,LABEL1,LABEL2,...'")]
    public void Malformed_csvs_name_the_file_line_and_what_was_expected(string text, string expected)
    {
        using var directory = new TemporaryDirectory();
        ImageFolderTests.Image(directory.Path, "x.png", 5);
        string csv = Csv(directory, text);

        var error = Assert.Throws<InvalidDataException>(() => ImageFolder.LoadCsv(csv, Gray2x1));

        Assert.StartsWith($"'{csv}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_csv_is_a_file_not_found_error()
    {
        using var directory = new TemporaryDirectory();
        var error = Assert.Throws<FileNotFoundException>(() => ImageFolder.LoadCsv(directory.File("labels.csv"), Gray2x1));
        Assert.Equal(directory.File("labels.csv"), error.FileName);
    }

    [Fact]
    public void Folder_options_are_refused_for_a_csv()
    {
        using var directory = new TemporaryDirectory();
        string csv = Csv(directory, "file,a\n");
        Assert.Throws<ArgumentException>(() => ImageFolder.LoadCsv(csv, new ImageFolderOptions { Width = 2, Height = 1, Binary = true }));
        Assert.Throws<ArgumentException>(() => ImageFolder.LoadCsv(csv, new ImageFolderOptions { Width = 2, Height = 1, ClassNames = ["a"] }));
    }

    private static string Csv(TemporaryDirectory directory, string text)
    {
        string path = directory.File("labels.csv");
        File.WriteAllText(path, text);
        return path;
    }
}
