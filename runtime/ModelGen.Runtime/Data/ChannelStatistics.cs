using System;
using System.Collections.Generic;

namespace ModelGen.Data;

/// <summary>
/// A mean and a standard deviation per channel of CHW images, for standardisation: x becomes (x - mean) / deviation.
/// Compute them on the training set (<see cref="Normalization.ComputeChannelStatistics"/>), keep them with the model,
/// and apply the same ones to validation, test and prediction inputs.
/// </summary>
public sealed class ChannelStatistics
{
    private readonly float[] _means, _deviations;

    /// <summary>Statistics for <paramref name="means"/>.Length channels; every deviation must be positive and finite.</summary>
    public ChannelStatistics(ReadOnlySpan<float> means, ReadOnlySpan<float> standardDeviations)
    {
        if (means.IsEmpty || means.Length != standardDeviations.Length)
        {
            throw new ArgumentException(
                $"Expected one mean and one standard deviation per channel, at least one channel; got {means.Length} means and {standardDeviations.Length} deviations.",
                nameof(standardDeviations));
        }

        for (int c = 0; c < means.Length; c++)
        {
            if (!float.IsFinite(means[c]) || !(standardDeviations[c] > 0 && float.IsFinite(standardDeviations[c])))
            {
                throw new ArgumentException(
                    $"Channel {c} has mean {means[c]} and standard deviation {standardDeviations[c]}; the mean must be finite and the deviation positive and finite.",
                    nameof(standardDeviations));
            }
        }

        _means = means.ToArray();
        _deviations = standardDeviations.ToArray();
    }

    /// <summary>Number of channels.</summary>
    public int Channels => _means.Length;

    /// <summary>The mean of each channel.</summary>
    public IReadOnlyList<float> Means => _means;

    /// <summary>The standard deviation of each channel (population, as numpy's <c>std</c>).</summary>
    public IReadOnlyList<float> StandardDeviations => _deviations;

    /// <summary>Standardises one CHW sample in place: each value becomes (value - mean) / deviation of its channel.</summary>
    public void Apply(Span<float> sample)
    {
        int plane = Normalization.PlaneLength(sample.Length, Channels, nameof(sample));
        for (int c = 0; c < Channels; c++)
        {
            float mean = _means[c], deviation = _deviations[c];
            foreach (ref float value in sample.Slice(c * plane, plane))
            {
                value = (value - mean) / deviation;
            }
        }
    }
}
