using System;
using ModelGen.Metrics;
using Xunit;
using static ModelGen.Tests.Metrics.MetricGoldens;

namespace ModelGen.Tests.Metrics;

/// <summary>The normal CDF and quantile behind DeLong's intervals and p-values equal mpmath's exact values (Golden/normal.json).</summary>
public sealed class NormalDistributionTests
{
    [Fact]
    public void Cdf_matches_the_exact_values_to_a_relative_1e_14()
    {
        foreach (NormalCdf golden in NormalGoldens.Value.Cdf)
        {
            AssertClose(golden.Value, NormalDistribution.Cdf(golden.X), 1e-14 * golden.Value, $"Cdf({golden.X:R})");
        }
    }

    [Fact]
    public void Quantile_matches_the_exact_values_to_1e_12()
    {
        foreach (NormalQuantile golden in NormalGoldens.Value.Quantile)
        {
            AssertClose(golden.Value, NormalDistribution.Quantile(golden.P), 1e-12 * Math.Max(1, Math.Abs(golden.Value)), $"Quantile({golden.P:R})");
        }
    }

    [Fact]
    public void Cdf_is_symmetric_and_handles_the_extremes()
    {
        for (double x = -9; x <= 9; x += 0.37)
        {
            AssertClose(1, NormalDistribution.Cdf(x) + NormalDistribution.Cdf(-x), 1e-15, $"symmetry at {x}");
        }

        Assert.Equal(0, NormalDistribution.Cdf(double.NegativeInfinity));
        Assert.Equal(1, NormalDistribution.Cdf(double.PositiveInfinity));
        Assert.True(double.IsNaN(NormalDistribution.Cdf(double.NaN)));
        Assert.Throws<ArgumentOutOfRangeException>(() => NormalDistribution.Quantile(1));
    }
}
