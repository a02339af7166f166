using System;
using System.Linq;

namespace ModelGen.Data;

/// <summary>
/// Image data sets on disk, decoded with SkiaSharp (PNG, 8 and 16 bits, and JPEG), resized bilinearly and scaled to
/// [0, 1] as CHW floats. Either one subfolder per class (<see cref="Load"/>), or a CSV of file names and 0/1 labels
/// (<see cref="LoadCsv"/>). Every malformed input gives an <see cref="System.IO.InvalidDataException"/> naming the file.
/// </summary>
public static class ImageFolder
{
    /// <summary>
    /// Loads <c>directory/CLASS/**/*.png|jpg|jpeg</c>: one subfolder per class, images anywhere below it (hidden
    /// files and other extensions are skipped). Samples come class by class, each class's files sorted by relative path.
    /// </summary>
    public static ImageDataSet Load(string directory, ImageFolderOptions options)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ClassFolders folders = ClassFolders.Scan(directory, options.ClassNames);
        if (options.Binary && folders.ClassNames.Count != 2)
        {
            throw new System.IO.InvalidDataException(
                $"'{directory}' holds {folders.ClassNames.Count} class folders ({string.Join(", ", folders.ClassNames)}); a binary task needs exactly 2.");
        }

        float[] inputs = ImageLoader.Load(folders.Files, options);
        float[] targets = folders.ClassIndices.Select(index => (float)index).ToArray();
        var data = new TrainingData(inputs, targets, options.SampleLength, 1);
        return new ImageDataSet(data, folders.ClassNames, folders.Files, options.Binary ? ModelTask.Binary : ModelTask.MultiClass);
    }

    /// <summary>
    /// Loads the images a CSV lists, for a multi-label task. The header is <c>file,LABEL1,LABEL2,...</c>; each row
    /// names an image (relative to the CSV's folder, or absolute) and gives 0 or 1 per label. Samples keep the rows' order.
    /// </summary>
    public static ImageDataSet LoadCsv(string csvPath, ImageFolderOptions options)
    {
        ArgumentNullException.ThrowIfNull(csvPath);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Binary || options.ClassNames is not null)
        {
            throw new ArgumentException("Binary and ClassNames apply to class folders; a CSV's header names its labels.", nameof(options));
        }

        LabelsCsv csv = LabelsCsv.Read(csvPath);
        float[] inputs = ImageLoader.Load(csv.Files, options);
        var data = new TrainingData(inputs, csv.Targets, options.SampleLength, csv.LabelNames.Count);
        return new ImageDataSet(data, csv.LabelNames, csv.Files, ModelTask.MultiLabel);
    }
}
