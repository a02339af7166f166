using System;

namespace ModelGen.Data;

/// <summary>
/// Rescales inputs: to [0, 1] from a range, or per channel of CHW images to mean 0 and standard deviation 1. Each method
/// returns new data and leaves its argument as it was; targets are shared, not copied. Compute ranges and statistics on
/// the training set and apply the same ones to every other set, so that all see the same transform.
/// </summary>
public static class Normalization
{
    /// <summary>The smallest and largest input value. Throws <see cref="ArgumentException"/> on NaN or infinities, naming the sample.</summary>
    public static (float Minimum, float Maximum) ComputeRange(TrainingData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        float minimum = float.PositiveInfinity, maximum = float.NegativeInfinity;
        for (int i = 0; i < data.Count; i++)
        {
            foreach (float value in CheckedFinite(data, i))
            {
                minimum = Math.Min(minimum, value);
                maximum = Math.Max(maximum, value);
            }
        }

        return (minimum, maximum);
    }

    /// <summary>Maps the data's own range (<see cref="ComputeRange"/>) to [0, 1]. All inputs equal is an <see cref="ArgumentException"/>.</summary>
    public static TrainingData ScaleToUnitRange(TrainingData data)
    {
        (float minimum, float maximum) = ComputeRange(data);
        if (!(maximum > minimum))
        {
            throw new ArgumentException($"Every input equals {minimum}: there is no range to scale.", nameof(data));
        }

        return ScaleToUnitRange(data, minimum, maximum);
    }

    /// <summary>
    /// Maps [<paramref name="minimum"/>, <paramref name="maximum"/>] to [0, 1]: x becomes (x - minimum) / (maximum - minimum).
    /// Values outside the range land outside [0, 1]; nothing is clamped.
    /// </summary>
    public static TrainingData ScaleToUnitRange(TrainingData data, float minimum, float maximum)
    {
        if (!(float.IsFinite(minimum) && float.IsFinite(maximum) && maximum > minimum && float.IsFinite(maximum - minimum)))
        {
            throw new ArgumentOutOfRangeException(nameof(maximum), $"The range [{minimum}, {maximum}] must be finite with maximum > minimum.");
        }

        return Normalize(data, new ChannelStatistics([minimum], [maximum - minimum]));
    }

    /// <summary>
    /// The mean and standard deviation (population, as numpy's) of each of the <paramref name="channels"/> channels of
    /// CHW images, over every pixel of every sample, summed in double. A channel that never varies gets deviation 1,
    /// as in scikit-learn's StandardScaler, so standardising only centres it. NaN or infinities are an <see cref="ArgumentException"/>.
    /// </summary>
    public static ChannelStatistics ComputeChannelStatistics(TrainingData data, int channels)
    {
        ArgumentNullException.ThrowIfNull(data);
        int plane = PlaneLength(data.InputLength, channels, nameof(channels));
        var sums = new double[channels];
        for (int i = 0; i < data.Count; i++)
        {
            ReadOnlySpan<float> sample = CheckedFinite(data, i);
            for (int c = 0; c < channels; c++)
            {
                foreach (float value in sample.Slice(c * plane, plane))
                {
                    sums[c] += value;
                }
            }
        }

        double perChannel = (double)data.Count * plane;
        var means = new float[channels];
        var squares = new double[channels];
        for (int i = 0; i < data.Count; i++)
        {
            ReadOnlySpan<float> sample = data.Input(i);
            for (int c = 0; c < channels; c++)
            {
                double mean = sums[c] / perChannel;
                foreach (float value in sample.Slice(c * plane, plane))
                {
                    squares[c] += (value - mean) * (value - mean);
                }
            }
        }

        var deviations = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            means[c] = (float)(sums[c] / perChannel);
            float deviation = (float)Math.Sqrt(squares[c] / perChannel);
            deviations[c] = deviation > 0 ? deviation : 1;
        }

        return new ChannelStatistics(means, deviations);
    }

    /// <summary>Standardises every sample with <paramref name="statistics"/> (see <see cref="ChannelStatistics.Apply"/>).</summary>
    public static TrainingData Normalize(TrainingData data, ChannelStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(statistics);
        PlaneLength(data.InputLength, statistics.Channels, nameof(statistics));
        float[] inputs = data.Inputs.ToArray();
        for (int i = 0; i < data.Count; i++)
        {
            statistics.Apply(inputs.AsSpan(i * data.InputLength, data.InputLength));
        }

        return new TrainingData(inputs, data.Targets, data.InputLength, data.TargetLength);
    }

    /// <summary>Values per channel of a CHW sample of <paramref name="length"/> values.</summary>
    internal static int PlaneLength(int length, int channels, string parameter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels, parameter);
        if (length % channels != 0)
        {
            throw new ArgumentException($"A sample of {length} values does not split into {channels} channels of equal size.", parameter);
        }

        return length / channels;
    }

    private static ReadOnlySpan<float> CheckedFinite(TrainingData data, int index)
    {
        ReadOnlySpan<float> sample = data.Input(index);
        int bad = sample.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        if (bad >= 0)
        {
            throw new ArgumentException($"Sample {index} holds {sample[bad]} at position {bad}; every input must be finite.", nameof(data));
        }

        return sample;
    }
}
