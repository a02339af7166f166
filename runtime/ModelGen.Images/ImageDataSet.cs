using System.Collections.Generic;

namespace ModelGen.Data;

/// <summary>Images loaded by <see cref="ImageFolder"/>: the samples, what their targets mean, and where each came from.</summary>
public sealed class ImageDataSet
{
    internal ImageDataSet(TrainingData data, IReadOnlyList<string> classNames, IReadOnlyList<string> files, ModelTask task)
    {
        Data = data;
        ClassNames = classNames;
        Files = files;
        Task = task;
    }

    /// <summary>Inputs (Channels x Height x Width floats in [0, 1] per image, CHW) and targets, in the order of <see cref="Files"/>.</summary>
    public TrainingData Data { get; }

    /// <summary>
    /// What the targets mean. MultiClass: the class of each index. Binary: target 0 is the first class, 1 the second.
    /// MultiLabel: the label of each target position (the CSV's columns).
    /// </summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The full path of each sample's image.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The task the targets are for: MultiClass or Binary from class folders, MultiLabel from a CSV.</summary>
    public ModelTask Task { get; }
}
