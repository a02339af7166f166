using System.Linq;
using ModelGen.Metrics;
using Xunit;
using static ModelGen.Tests.Metrics.MetricGoldens;

namespace ModelGen.Tests.Metrics;

/// <summary>Binary metrics equal scikit-learn's on the committed cases of Golden/binary.json.</summary>
public sealed class SklearnBinaryGoldenTests
{
    public static TheoryData<string> Cases() => Names(BinaryGoldens);

    [Fact]
    public void The_cases_cover_the_tie_and_size_edge_cases_the_issue_names()
    {
        string[] names = BinaryGoldens.Value.Select(c => c.Name).ToArray();
        foreach (string expected in new[] { "ties_across_classes", "ties_within_one_class", "all_scores_equal", "one_positive", "one_negative", "logits" })
        {
            Assert.Contains(expected, names);
        }

        Assert.Contains(BinaryGoldens.Value, c => c.Scores.Length >= 5000 && c.Scores.Distinct().Count() < c.Scores.Length / 4);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Auroc_matches_roc_auc_score(string name)
    {
        BinaryCase golden = Named(BinaryGoldens, name);
        AssertClose(golden.Auroc, Auroc.Binary(golden.Scores, golden.Labels), SklearnTolerance, name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Average_precision_matches_average_precision_score(string name)
    {
        BinaryCase golden = Named(BinaryGoldens, name);
        AssertClose(golden.AveragePrecision, AveragePrecision.Binary(golden.Scores, golden.Labels), SklearnTolerance, name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Roc_curve_matches_roc_curve_with_and_without_drop_intermediate(string name)
    {
        BinaryCase golden = Named(BinaryGoldens, name);
        AssertCurve(golden.Roc, RocCurve.Compute(golden.Scores, golden.Labels), name + " dropped");
        AssertCurve(golden.RocAll, RocCurve.Compute(golden.Scores, golden.Labels, dropIntermediate: false), name + " all");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Precision_recall_curve_matches_precision_recall_curve(string name)
    {
        BinaryCase golden = Named(BinaryGoldens, name);
        PrecisionRecallCurve curve = PrecisionRecallCurve.Compute(golden.Scores, golden.Labels);
        AssertAllClose(golden.Pr.Precision, curve.Precisions, SklearnTolerance, name + " precision");
        AssertAllClose(golden.Pr.Recall, curve.Recalls, SklearnTolerance, name + " recall");
        Assert.Equal(golden.Pr.Thresholds, curve.Thresholds.Select(t => (double)t));
    }

    private static void AssertCurve(RocGolden expected, RocCurve actual, string context)
    {
        AssertAllClose(expected.Fpr, actual.FalsePositiveRates, SklearnTolerance, context + " fpr");
        AssertAllClose(expected.Tpr, actual.TruePositiveRates, SklearnTolerance, context + " tpr");
        Assert.Equal(float.PositiveInfinity, actual.Thresholds[0]);
        Assert.Equal(expected.ThresholdsAfterFirst, actual.Thresholds.Skip(1).Select(t => (double)t));
    }
}
