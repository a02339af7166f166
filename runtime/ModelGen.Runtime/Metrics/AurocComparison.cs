using System;

namespace ModelGen.Metrics;

/// <summary>
/// DeLong's test of two AUROCs measured on the same samples. When the standard error of the difference is zero
/// (the two models rank every pair alike, for example), the test has nothing to divide by: equal AUROCs then give
/// z = 0 and p = 1, different ones an infinite z and p = 0.
/// </summary>
/// <param name="AurocA">Model A's AUROC.</param>
/// <param name="AurocB">Model B's AUROC.</param>
/// <param name="StandardError">DeLong's standard error of the difference A − B.</param>
public readonly record struct AurocComparison(double AurocA, double AurocB, double StandardError)
{
    /// <summary>AUROC A − AUROC B.</summary>
    public double Difference => AurocA - AurocB;

    /// <summary>The difference divided by its standard error.</summary>
    public double Z => StandardError > 0 ? Difference / StandardError
        : Difference == 0 ? 0 : Math.CopySign(double.PositiveInfinity, Difference);

    /// <summary>The two-sided p-value of the hypothesis that the two AUROCs are equal.</summary>
    public double PValue => 2 * NormalDistribution.Cdf(-Math.Abs(Z));

    /// <summary>The confidence interval of the difference, Difference ± z·SE, as pROC's <c>roc.test</c> reports it.</summary>
    /// <param name="level">The coverage of the interval, between 0 and 1.</param>
    public (double Lower, double Upper) DifferenceInterval(double level = 0.95)
    {
        double halfWidth = DeLong.NormalQuantileFor(level) * StandardError;
        return (Difference - halfWidth, Difference + halfWidth);
    }
}
