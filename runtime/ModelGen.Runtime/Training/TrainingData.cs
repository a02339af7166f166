using System;

namespace ModelGen;

/// <summary>
/// Samples for training or evaluation: inputs and targets as contiguous floats, one sample after another.
/// Targets follow the task: Binary 1 float (0 or 1), MultiLabel K floats (0 or 1 each), MultiClass 1 float (the class index).
/// </summary>
public sealed class TrainingData
{
    /// <summary>Wraps <paramref name="inputs"/> and <paramref name="targets"/>, checking that they hold the same whole number of samples.</summary>
    public TrainingData(ReadOnlyMemory<float> inputs, ReadOnlyMemory<float> targets, int inputLength, int targetLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetLength);
        if (inputs.Length % inputLength != 0)
        {
            throw new ArgumentException(
                $"The inputs hold {inputs.Length} floats, which is not a whole number of samples of {inputLength} floats (InputLength).", nameof(inputs));
        }

        if (targets.Length % targetLength != 0)
        {
            throw new ArgumentException(
                $"The targets hold {targets.Length} floats, which is not a whole number of targets of {targetLength} floats (TargetLength).", nameof(targets));
        }

        if (inputs.Length / inputLength != targets.Length / targetLength)
        {
            throw new ArgumentException(
                $"The inputs hold {inputs.Length / inputLength} samples but the targets hold {targets.Length / targetLength}; they must match.", nameof(targets));
        }

        Inputs = inputs;
        Targets = targets;
        InputLength = inputLength;
        TargetLength = targetLength;
    }

    /// <summary>All inputs, sample after sample.</summary>
    public ReadOnlyMemory<float> Inputs { get; }

    /// <summary>All targets, sample after sample.</summary>
    public ReadOnlyMemory<float> Targets { get; }

    /// <summary>Floats per input sample.</summary>
    public int InputLength { get; }

    /// <summary>Floats per target.</summary>
    public int TargetLength { get; }

    /// <summary>Number of samples.</summary>
    public int Count => Inputs.Length / InputLength;

    /// <summary>The input of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Input(int index) => Inputs.Span.Slice(index * InputLength, InputLength);

    /// <summary>The target of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Target(int index) => Targets.Span.Slice(index * TargetLength, TargetLength);

    /// <summary>Samples <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/>, without copying.</summary>
    public TrainingData Slice(int start, int count) => new(
        Inputs.Slice(start * InputLength, count * InputLength), Targets.Slice(start * TargetLength, count * TargetLength), InputLength, TargetLength);

    /// <summary>
    /// Splits off a validation set: the samples are shuffled with <paramref name="seed"/> (the same seed always gives
    /// the same split), then the last <paramref name="validationFraction"/> of them become the validation set.
    /// </summary>
    public (TrainingData Training, TrainingData Validation) Split(double validationFraction, int seed = 0)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must be between 0 and 1.");
        }

        int[] order = Shuffling.Permutation(Count, new Internal.SeededRandom(seed));
        int validationCount = Math.Max(1, (int)Math.Round(Count * validationFraction));
        return (Gather(order.AsSpan(0, Count - validationCount)), Gather(order.AsSpan(Count - validationCount)));
    }

    /// <summary>Copies the samples at <paramref name="indices"/>, in that order, into a new set.</summary>
    public TrainingData Gather(ReadOnlySpan<int> indices)
    {
        var inputs = new float[indices.Length * InputLength];
        var targets = new float[indices.Length * TargetLength];
        for (int i = 0; i < indices.Length; i++)
        {
            Input(indices[i]).CopyTo(inputs.AsSpan(i * InputLength));
            Target(indices[i]).CopyTo(targets.AsSpan(i * TargetLength));
        }

        return new TrainingData(inputs, targets, InputLength, TargetLength);
    }
}
