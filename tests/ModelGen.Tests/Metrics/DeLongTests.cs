using System;
using ModelGen.Metrics;
using Xunit;
using static ModelGen.Tests.Metrics.MetricGoldens;

namespace ModelGen.Tests.Metrics;

/// <summary>
/// DeLong's interval and test equal the R package pROC's (Golden/proc.json) and the plain O(P·N) implementation of
/// DeLong 1988 in make_metric_goldens.py (Golden/delong.json).
/// </summary>
public sealed class DeLongTests
{
    private const double Tolerance = 1e-6;

    // Agreement with pROC is far closer than the 1e-6; this documents how close.
    private const double ProcTolerance = 1e-12;

    public static TheoryData<string> ReferenceCases() => Names(DeLongGoldens);

    public static TheoryData<string> ProcCases() => Names(ProcGoldens);

    [Fact]
    public void Reproduces_the_published_pROC_example_on_aSAH()
    {
        // ?ci.auc and ?roc.test: s100b has AUC 0.7314, 95% CI 0.6301-0.8326 (DeLong); wfns against s100b gives
        // Z = 2.209, p-value = 0.02718.
        DeLongCase asah = Named(ProcGoldens, "asah_s100b_vs_wfns");
        AurocInterval s100b = DeLong.ConfidenceInterval(asah.ScoresA, asah.Labels);
        Assert.Equal(0.7314, Math.Round(s100b.Auroc, 4));
        Assert.Equal(0.6301, Math.Round(s100b.Lower, 4));
        Assert.Equal(0.8326, Math.Round(s100b.Upper, 4));
        AurocComparison wfnsAgainstS100b = DeLong.Compare(asah.ScoresB, asah.ScoresA, asah.Labels);
        Assert.Equal(2.209, Math.Round(wfnsAgainstS100b.Z, 3));
        Assert.Equal(0.02718, Math.Round(wfnsAgainstS100b.PValue, 5));
    }

    [Theory]
    [MemberData(nameof(ProcCases))]
    public void Matches_pROC(string name) => AssertCase(Named(ProcGoldens, name), ProcTolerance);

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Matches_the_structural_components_reference(string name) => AssertCase(Named(DeLongGoldens, name), Tolerance);

    [Fact]
    public void Other_levels_widen_or_narrow_the_interval_by_the_normal_quantile()
    {
        DeLongCase golden = Named(ProcGoldens, "random_ties");
        AurocInterval ci95 = DeLong.ConfidenceInterval(golden.ScoresA, golden.Labels);
        AurocInterval ci99 = DeLong.ConfidenceInterval(golden.ScoresA, golden.Labels, level: 0.99);
        Assert.Equal(0.99, ci99.Level);
        AssertClose(ci95.Auroc + 2.5758293035489004 * ci95.StandardError, ci99.Upper, 1e-12, "99% upper");
        Assert.Throws<ArgumentOutOfRangeException>(() => DeLong.ConfidenceInterval(golden.ScoresA, golden.Labels, level: 95));
    }

    [Fact]
    public void The_interval_is_clipped_to_zero_and_one()
    {
        // One negative outranks one positive: AUROC 0.96, SE sqrt(0.0032), so AUROC + 1.96 SE passes 1.
        float[] labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
        AurocInterval nearlyPerfect = DeLong.ConfidenceInterval([0.1f, 0.2f, 0.3f, 0.4f, 0.55f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f], labels);
        AssertClose(0.96, nearlyPerfect.Auroc, 1e-15, "auroc");
        AssertClose(Math.Sqrt(0.0032), nearlyPerfect.StandardError, 1e-15, "se");
        Assert.Equal(1.0, nearlyPerfect.Upper);
        AssertClose(0.96 - 1.959963984540054 * Math.Sqrt(0.0032), nearlyPerfect.Lower, 1e-15, "lower");
    }

    [Fact]
    public void Identical_models_give_z_zero_and_p_one()
    {
        float[] scores = [0.1f, 0.4f, 0.4f, 0.8f, 0.3f, 0.9f];
        AurocComparison same = DeLong.Compare(scores, scores, [0, 0, 1, 1, 0, 1]);
        Assert.Equal(0, same.StandardError);
        Assert.Equal(0, same.Z);
        Assert.Equal(1, same.PValue);
    }

    [Fact]
    public void Fewer_than_two_of_a_class_is_an_argument_error()
    {
        var error = Assert.Throws<ArgumentException>(
            () => DeLong.ConfidenceInterval([0.1f, 0.2f, 0.9f, 0.3f], [0, 0, 1, 0]));
        Assert.Equal("DeLong's variance is undefined: there are 1 positives and 3 negatives; it needs at least two of each. (Parameter 'labels')", error.Message);
        Assert.Throws<ArgumentException>(() => DeLong.Compare([0.1f, 0.2f, 0.9f], [0.1f, 0.2f, 0.9f], [0, 1, 1]));
    }

    [Fact]
    public void Compare_checks_that_both_models_scored_the_same_samples()
    {
        var error = Assert.Throws<ArgumentException>(
            () => DeLong.Compare([0.1f, 0.2f, 0.3f, 0.4f], [0.1f, 0.2f, 0.3f], [0, 0, 1, 1]));
        Assert.Equal("scoresB", error.ParamName);
        error = Assert.Throws<ArgumentException>(
            () => DeLong.Compare([0.1f, 0.2f, 0.3f, 0.4f], [0.1f, float.NaN, 0.3f, 0.4f], [0, 0, 1, 1]));
        Assert.StartsWith("scoresB[1] is NaN", error.Message, StringComparison.Ordinal);
    }

    private static void AssertCase(DeLongCase golden, double tolerance)
    {
        AurocInterval interval = DeLong.ConfidenceInterval(golden.ScoresA, golden.Labels);
        AssertClose(golden.AucA, interval.Auroc, tolerance, golden.Name + " auc");
        AssertClose(golden.SeA, interval.StandardError, tolerance, golden.Name + " se");
        AssertClose(golden.CiA[0], interval.Lower, tolerance, golden.Name + " lower");
        AssertClose(golden.CiA[1], interval.Upper, tolerance, golden.Name + " upper");
        Assert.Equal(0.95, interval.Level);

        AurocComparison test = DeLong.Compare(golden.ScoresA, golden.ScoresB, golden.Labels);
        AssertClose(golden.AucA, test.AurocA, tolerance, golden.Name + " auc a");
        AssertClose(golden.AucB, test.AurocB, tolerance, golden.Name + " auc b");
        AssertClose(golden.Z, test.Z, tolerance, golden.Name + " z");
        AssertClose(golden.P, test.PValue, tolerance, golden.Name + " p");
        var (lower, upper) = test.DifferenceInterval();
        AssertClose(golden.DifferenceCi[0], lower, tolerance, golden.Name + " difference lower");
        AssertClose(golden.DifferenceCi[1], upper, tolerance, golden.Name + " difference upper");
    }
}
