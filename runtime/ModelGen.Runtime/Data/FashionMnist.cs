using System;
using System.IO;

namespace ModelGen.Data;

/// <summary>
/// Fashion-MNIST: 60,000 training and 10,000 test images of 1x28x28 clothing items in 10 classes. Found in
/// <c>MODELGEN_FASHION_MNIST</c> if set, else where Debian's <c>dataset-fashion-mnist</c> package installs it.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's package puts the files.</summary>
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The class names, by index.</summary>
    public static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The directory that holds the data set, or null when none is found.</summary>
    public static string? FindDirectory()
    {
        string? configured = Environment.GetEnvironmentVariable("MODELGEN_FASHION_MNIST");
        foreach (string? candidate in new[] { configured, DebianDirectory })
        {
            if (candidate is not null && File.Exists(Path.Combine(candidate, "train-images-idx3-ubyte.gz")))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Loads both splits, pixels scaled to [0, 1], targets the class index.</summary>
    public static (TrainingData Training, TrainingData Test) Load(string? directory = null)
    {
        directory ??= FindDirectory() ?? throw new DirectoryNotFoundException(
            $"Fashion-MNIST was not found: install Debian's package (apt-get install dataset-fashion-mnist, into {DebianDirectory}), " +
            "or set MODELGEN_FASHION_MNIST to a directory holding train-images-idx3-ubyte.gz and the other three files.");
        return (Split(directory, "train"), Split(directory, "t10k"));
    }

    private static TrainingData Split(string directory, string prefix)
    {
        string imagesPath = Path.Combine(directory, $"{prefix}-images-idx3-ubyte.gz");
        string labelsPath = Path.Combine(directory, $"{prefix}-labels-idx1-ubyte.gz");
        float[] images = IdxFile.ReadImages(imagesPath, out int count, out int height, out int width);
        float[] labels = IdxFile.ReadLabels(labelsPath);
        if (labels.Length != count || height != 28 || width != 28)
        {
            throw new InvalidDataException(
                $"'{imagesPath}' holds {count} images of {height}x{width} and '{labelsPath}' {labels.Length} labels; expected matching counts of 28x28 images.");
        }

        return new TrainingData(images, labels, height * width, 1);
    }
}
