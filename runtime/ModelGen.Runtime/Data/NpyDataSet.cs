using System;
using System.IO;

namespace ModelGen.Data;

/// <summary>
/// Training data kept as two NPY files, for exchange with Python: inputs of shape (samples, ...) and targets of shape
/// (samples,) or (samples, labels), float32 or uint8, as <c>numpy.save</c> writes them.
/// </summary>
public static class NpyDataSet
{
    /// <summary>
    /// Loads inputs of shape (samples, d1, d2, ...) (one sample is d1 x d2 x ... floats, in C order) and targets of shape
    /// (samples,) (one float each: a 0/1 label or a class index) or (samples, K) (K labels each). Bytes keep their values.
    /// </summary>
    public static TrainingData Load(string inputsPath, string targetsPath)
    {
        float[] inputs = NpyFile.Read(inputsPath, out int[] inputShape);
        float[] targets = NpyFile.Read(targetsPath, out int[] targetShape);
        if (inputShape.Length < 2 || inputs.Length == 0)
        {
            throw new InvalidDataException(
                $"'{inputsPath}' holds an array of shape {NpyHeader.FormatShape(inputShape)}; expected (samples, ...) with at least one sample of at least one value.");
        }

        if (targetShape.Length is < 1 or > 2 || (targetShape.Length == 2 && targetShape[1] == 0))
        {
            throw new InvalidDataException(
                $"'{targetsPath}' holds an array of shape {NpyHeader.FormatShape(targetShape)}; expected (samples,) or (samples, labels).");
        }

        if (inputShape[0] != targetShape[0])
        {
            throw new InvalidDataException(
                $"'{inputsPath}' holds {inputShape[0]} samples and '{targetsPath}' {targetShape[0]} targets; expected matching counts.");
        }

        int targetLength = targetShape.Length == 1 ? 1 : targetShape[1];
        return new TrainingData(inputs, targets, inputs.Length / inputShape[0], targetLength);
    }

    /// <summary>
    /// Saves <paramref name="data"/> as inputs of shape (samples, <paramref name="sampleShape"/>) and targets of shape
    /// (samples,) when each target is one float, else (samples, TargetLength). Without a sample shape, inputs are (samples, InputLength).
    /// </summary>
    public static void Save(TrainingData data, string inputsPath, string targetsPath, params ReadOnlySpan<int> sampleShape)
    {
        ArgumentNullException.ThrowIfNull(data);
        int[] inputShape = [data.Count, .. sampleShape.IsEmpty ? [data.InputLength] : sampleShape];
        long sampleLength = 1;
        foreach (int dimension in inputShape.AsSpan(1))
        {
            sampleLength *= dimension;
        }

        if (sampleLength != data.InputLength)
        {
            throw new ArgumentException(
                $"The sample shape {NpyHeader.FormatShape(inputShape.AsSpan(1))} holds {sampleLength} values but each input has {data.InputLength} (InputLength).",
                nameof(sampleShape));
        }

        NpyFile.Write(inputsPath, data.Inputs.Span, inputShape);
        int[] targetShape = data.TargetLength == 1 ? [data.Count] : [data.Count, data.TargetLength];
        NpyFile.Write(targetsPath, data.Targets.Span, targetShape);
    }
}
