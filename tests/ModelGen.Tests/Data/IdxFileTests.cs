using System;
using System.IO;
using System.Linq;
using ModelGen.Data;
using Xunit;

namespace ModelGen.Tests.Data;

/// <summary>IdxFile and FashionMnist on small files written here, raw and gzip, good and malformed.</summary>
public sealed class IdxFileTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_images_scaled_to_unit_range_and_labels_as_class_indices(bool gzip)
    {
        using var directory = new TemporaryDirectory();
        byte[] pixels = [0, 255, 51, 102, 1, 2, 3, 4, 5, 6, 7, 8];
        byte[] images = IdxFiles.Build(0x08, [2, 2, 3], pixels);
        byte[] labels = IdxFiles.Labels(9, 0);
        string imagesPath = directory.Write("images", gzip ? IdxFiles.Gzip(images) : images);
        string labelsPath = directory.Write("labels", gzip ? IdxFiles.Gzip(labels) : labels);

        float[] read = IdxFile.ReadImages(imagesPath, out int count, out int height, out int width);
        Assert.Equal((2, 2, 3), (count, height, width));
        Assert.Equal(pixels.Select(p => p / 255f), read);
        Assert.Equal(new float[] { 9, 0 }, IdxFile.ReadLabels(labelsPath));
    }

    [Fact]
    public void Data_shorter_or_longer_than_declared_names_the_file_and_both_sizes()
    {
        using var directory = new TemporaryDirectory();
        byte[] images = IdxFiles.Images(3, 4, 5);
        string truncated = directory.Write("truncated", images[..^7]);
        string padded = directory.Write("padded", [.. images, 0]);

        var error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(truncated, out _, out _, out _));
        Assert.Equal($"'{truncated}' declares 3 images of 4x5 (60 bytes after the header) but holds 53: the file is truncated or corrupt.", error.Message);
        error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(padded, out _, out _, out _));
        Assert.Equal($"'{padded}' declares 3 images of 4x5 (60 bytes after the header) but holds 61: the file is truncated or corrupt.", error.Message);
        string labels = directory.Write("labels", IdxFiles.Labels(1, 2, 3)[..^1]);
        error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(labels));
        Assert.Equal($"'{labels}' declares 3 labels (3 bytes after the header) but holds 2: the file is truncated or corrupt.", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x1f, 0x00, 0x08, 0x03 }, "is not an IDX file: it must start with the magic bytes 00 00 (type) (dimensions).")]
    [InlineData(new byte[] { 0x00 }, "is not an IDX file: it must start with the magic bytes 00 00 (type) (dimensions).")]
    [InlineData(new byte[] { 0x00, 0x00, 0x08, 0x01, 0, 0, 0, 1, 7 }, "holds IDX type 0x08 with 1 dimensions; expected unsigned bytes (0x08) with 3.")]
    [InlineData(new byte[] { 0x00, 0x00, 0x0D, 0x03 }, "holds IDX type 0x0D with 3 dimensions; expected unsigned bytes (0x08) with 3.")]
    [InlineData(new byte[] { 0x00, 0x00, 0x08, 0x03, 0, 0, 0, 1, 0, 0 }, "is truncated: its header needs 16 bytes but the file has 10.")]
    [InlineData(new byte[] { 0x00, 0x00, 0x08, 0x03, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, "declares dimension 1 as 0; every dimension must be positive.")]
    [InlineData(new byte[] { 0x00, 0x00, 0x08, 0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1, 0, 0, 0, 1 }, "declares dimension 0 as -1; every dimension must be positive.")]
    public void Malformed_image_files_name_the_file_and_what_was_expected(byte[] contents, string expected)
    {
        using var directory = new TemporaryDirectory();
        string path = directory.Write("bad-idx3-ubyte", contents);
        var error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path, out _, out _, out _));
        Assert.StartsWith($"'{path}' {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_gzip_stream_names_the_file()
    {
        using var directory = new TemporaryDirectory();
        byte[] gzip = IdxFiles.Gzip(IdxFiles.Images(2, 3, 3));
        gzip[10] = 0xFF; // the first deflate block header: block type 3 is reserved, so decompression fails
        string path = directory.Write("corrupt.gz", gzip);
        var error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path, out _, out _, out _));
        Assert.StartsWith($"'{path}' looks gzip-compressed but cannot be decompressed: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_file_read_as_labels_is_a_dimension_mismatch()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.Write("images", IdxFiles.Images(2, 3, 3));
        var error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(path));
        Assert.Equal($"'{path}' holds IDX type 0x08 with 3 dimensions; expected unsigned bytes (0x08) with 1.", error.Message);
    }

    [Fact]
    public void A_missing_file_is_FileNotFoundException_naming_it()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("absent-idx1-ubyte");
        var error = Assert.Throws<FileNotFoundException>(() => IdxFile.ReadLabels(path));
        Assert.Equal($"The IDX file '{path}' does not exist.", error.Message);
    }

    [Fact]
    public void FashionMnist_loads_both_splits_from_a_directory()
    {
        using var directory = new TemporaryDirectory();
        WriteFashionMnist(directory, trainLabels: IdxFiles.Labels(3, 7), testImages: IdxFiles.Images(1, 28, 28, seed: 2));

        (TrainingData training, TrainingData test) = FashionMnist.Load(directory.Path);
        Assert.Equal((2, 784, 1), (training.Count, training.InputLength, training.TargetLength));
        Assert.Equal(new float[] { 3, 7 }, training.Targets.ToArray());
        Assert.Equal(1, test.Count);
        Assert.Equal(10, FashionMnist.ClassNames.Length);
    }

    [Fact]
    public void FashionMnist_with_more_labels_than_images_names_both_files()
    {
        using var directory = new TemporaryDirectory();
        WriteFashionMnist(directory, trainLabels: IdxFiles.Labels(1, 2, 3), testImages: IdxFiles.Images(1, 28, 28));

        var error = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(directory.Path));
        Assert.Equal(
            $"'{directory.File("train-images-idx3-ubyte.gz")}' holds 2 images of 28x28 and '{directory.File("train-labels-idx1-ubyte.gz")}' 3 labels; expected matching counts of 28x28 images.",
            error.Message);
    }

    [Fact]
    public void FashionMnist_with_images_of_another_size_names_the_size()
    {
        using var directory = new TemporaryDirectory();
        WriteFashionMnist(directory, trainLabels: IdxFiles.Labels(1, 2), testImages: IdxFiles.Images(1, 32, 32));

        var error = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(directory.Path));
        Assert.Contains("holds 1 images of 32x32", error.Message, StringComparison.Ordinal);
    }

    private static void WriteFashionMnist(TemporaryDirectory directory, byte[] trainLabels, byte[] testImages)
    {
        directory.Write("train-images-idx3-ubyte.gz", IdxFiles.Gzip(IdxFiles.Images(2, 28, 28)));
        directory.Write("train-labels-idx1-ubyte.gz", IdxFiles.Gzip(trainLabels));
        directory.Write("t10k-images-idx3-ubyte.gz", IdxFiles.Gzip(testImages));
        directory.Write("t10k-labels-idx1-ubyte.gz", IdxFiles.Gzip(IdxFiles.Labels(4)));
    }
}
