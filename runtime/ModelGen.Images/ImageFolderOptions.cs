using System;
using System.Collections.Generic;

namespace ModelGen.Data;

/// <summary>How <see cref="ImageFolder"/> turns image files into samples.</summary>
public sealed class ImageFolderOptions
{
    /// <summary>The width every image is resized to (bilinear).</summary>
    public required int Width { get; init; }

    /// <summary>The height every image is resized to (bilinear).</summary>
    public required int Height { get; init; }

    /// <summary>1 (the default): one grayscale plane (ITU-R BT.601 luma). 3: R, G and B planes.</summary>
    public int Channels { get; init; } = 1;

    /// <summary>
    /// Class folders only: targets 0 and 1 for a <see cref="ModelTask.Binary"/> model, which needs exactly two classes; the
    /// second of <see cref="ImageDataSet.ClassNames"/> is the positive class (1). By default targets are class indices.
    /// </summary>
    public bool Binary { get; init; }

    /// <summary>
    /// Class folders only: the class folder names in the order that gives their indices; they must be exactly the
    /// subfolders. By default every subfolder, sorted by name (ordinal), as torchvision's <c>ImageFolder</c>.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Floats per sample: Channels x Height x Width.</summary>
    internal int SampleLength => Channels * Height * Width;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Width, nameof(Width));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Height, nameof(Height));
        if (Channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "Channels must be 1 (grayscale) or 3 (RGB).");
        }

        if ((long)Channels * Height * Width > Array.MaxLength)
        {
            throw new ArgumentException($"{Channels}x{Height}x{Width} floats per sample do not fit in one array.");
        }
    }
}
