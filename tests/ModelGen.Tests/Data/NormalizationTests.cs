using System;
using System.Linq;
using ModelGen.Data;
using Xunit;

namespace ModelGen.Tests.Data;

public sealed class NormalizationTests
{
    // Two samples of two channels of 2 pixels: channel 0 holds 1, 2, 3, 6 (mean 3, deviation sqrt(3.5)); channel 1 is always 5.
    private static readonly TrainingData TwoChannels = new(new float[] { 1, 2, 5, 5, 3, 6, 5, 5 }, new float[] { 0, 1 }, 4, 1);

    [Fact]
    public void Channel_statistics_are_the_population_mean_and_deviation_and_a_constant_channel_gets_one()
    {
        ChannelStatistics statistics = Normalization.ComputeChannelStatistics(TwoChannels, channels: 2);
        Assert.Equal(2, statistics.Channels);
        Assert.Equal(new[] { 3f, 5f }, statistics.Means);
        Assert.Equal(new[] { MathF.Sqrt(3.5f), 1f }, statistics.StandardDeviations);
    }

    [Fact]
    public void Normalize_gives_the_training_set_mean_zero_and_deviation_one_and_keeps_targets()
    {
        TrainingData scans = PhantomScans.Binary(64, seed: 3, size: 16);
        ChannelStatistics statistics = Normalization.ComputeChannelStatistics(scans, channels: 1);
        TrainingData normalized = Normalization.Normalize(scans, statistics);

        double[] values = normalized.Inputs.ToArray().Select(v => (double)v).ToArray();
        double mean = values.Average();
        Assert.Equal(0, mean, 1e-5);
        Assert.Equal(1, Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average()), 1e-5);
        Assert.True(normalized.Targets.Span.SequenceEqual(scans.Targets.Span));
        Assert.NotEqual(scans.Inputs.Span[0], normalized.Inputs.Span[0]); // the argument is left as it was
    }

    [Fact]
    public void Other_sets_get_the_training_statistics_not_their_own()
    {
        ChannelStatistics statistics = Normalization.ComputeChannelStatistics(TwoChannels, channels: 2);
        var test = new TrainingData(new float[] { 3, 3, 5, 7 }, new float[] { 1 }, 4, 1);
        float[] expected = [0, 0, 0, 2];
        Assert.Equal(expected, Normalization.Normalize(test, statistics).Inputs.ToArray());

        float[] sample = [3, 3, 5, 7];
        statistics.Apply(sample);
        Assert.Equal(expected, sample);
    }

    [Fact]
    public void Scaling_maps_a_range_to_the_unit_interval_without_clamping()
    {
        (float minimum, float maximum) = Normalization.ComputeRange(TwoChannels);
        Assert.Equal((1f, 6f), (minimum, maximum));
        Assert.Equal(new[] { 0f, 0.2f, 0.8f, 0.8f, 0.4f, 1f, 0.8f, 0.8f }, Normalization.ScaleToUnitRange(TwoChannels).Inputs.ToArray());
        Assert.Equal(new[] { 0.5f, 1f, 2.5f, 2.5f, 1.5f, 3f, 2.5f, 2.5f }, Normalization.ScaleToUnitRange(TwoChannels, 0, 2).Inputs.ToArray());
    }

    [Fact]
    public void Bad_ranges_statistics_and_channel_counts_are_rejected_with_the_reason()
    {
        var constant = new TrainingData(new float[] { 2, 2 }, new float[] { 0, 1 }, 1, 1);
        Assert.StartsWith("Every input equals 2: there is no range to scale.", Assert.Throws<ArgumentException>(() => Normalization.ScaleToUnitRange(constant)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Normalization.ScaleToUnitRange(TwoChannels, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Normalization.ScaleToUnitRange(TwoChannels, float.NegativeInfinity, 1));
        Assert.StartsWith(
            "A sample of 4 values does not split into 3 channels of equal size.",
            Assert.Throws<ArgumentException>(() => Normalization.ComputeChannelStatistics(TwoChannels, 3)).Message,
            StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Normalization.Normalize(TwoChannels, new ChannelStatistics([0, 0, 0], [1, 1, 1])));
        Assert.Throws<ArgumentException>(() => new ChannelStatistics([0], [0]));
        Assert.Throws<ArgumentException>(() => new ChannelStatistics([0, 1], [1]));
        Assert.Throws<ArgumentException>(() => new ChannelStatistics([float.NaN], [1]));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Non_finite_inputs_are_named_by_sample_and_position(float bad)
    {
        var data = new TrainingData(new float[] { 0, 1, 2, 3, 4, bad }, new float[] { 0, 1 }, 3, 1);
        string expected = $"Sample 1 holds {bad} at position 2; every input must be finite.";
        Assert.StartsWith(expected, Assert.Throws<ArgumentException>(() => Normalization.ComputeRange(data)).Message, StringComparison.Ordinal);
        Assert.StartsWith(expected, Assert.Throws<ArgumentException>(() => Normalization.ComputeChannelStatistics(data, 1)).Message, StringComparison.Ordinal);
    }
}
