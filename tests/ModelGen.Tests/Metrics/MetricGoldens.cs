using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace ModelGen.Tests.Metrics;

/// <summary>The committed reference values in Metrics/Golden, made by make_metric_goldens.py and make_proc_goldens.R.</summary>
internal static class MetricGoldens
{
    /// <summary>The agreement the metrics issue asks for with scikit-learn.</summary>
    public const double SklearnTolerance = 1e-9;

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static readonly Lazy<IReadOnlyList<BinaryCase>> BinaryGoldens = Load<BinaryCase>("binary.json");
    public static readonly Lazy<IReadOnlyList<MultiLabelCase>> MultiLabelGoldens = Load<MultiLabelCase>("multilabel.json");
    public static readonly Lazy<IReadOnlyList<MultiClassCase>> MultiClassGoldens = Load<MultiClassCase>("multiclass.json");
    public static readonly Lazy<IReadOnlyList<DeLongCase>> DeLongGoldens = Load<DeLongCase>("delong.json");
    public static readonly Lazy<IReadOnlyList<DeLongCase>> ProcGoldens = Load<DeLongCase>("proc.json");
    public static readonly Lazy<NormalValues> NormalGoldens = new(() => Read<NormalValues>("normal.json"));

    public static T Named<T>(Lazy<IReadOnlyList<T>> cases, string name) where T : INamed => cases.Value.Single(c => c.Name == name);

    public static TheoryData<string> Names<T>(Lazy<IReadOnlyList<T>> cases) where T : INamed => new(cases.Value.Select(c => c.Name));

    public static void AssertClose(double expected, double actual, double tolerance, string context)
    {
        if (!(Math.Abs(expected - actual) <= tolerance))
        {
            Assert.Fail($"{context}: {actual:R}, expected {expected:R} (error {Math.Abs(expected - actual):E2} > {tolerance:E0})");
        }
    }

    public static void AssertAllClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance, string context)
    {
        Assert.True(expected.Count == actual.Count, $"{context}: {actual.Count} values, expected {expected.Count}");
        for (int i = 0; i < expected.Count; i++)
        {
            AssertClose(expected[i], actual[i], tolerance, $"{context}[{i}]");
        }
    }

    private static Lazy<IReadOnlyList<T>> Load<T>(string file) => new(() => Read<GoldenFile<T>>(file).Cases);

    private static T Read<T>(string file) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Metrics", "Golden", file)), Options)!;

    private sealed record GoldenFile<T>(T[] Cases);
}

internal interface INamed
{
    string Name { get; }
}

internal sealed record BinaryCase(
    string Name, float[] Scores, float[] Labels, double Auroc, double AveragePrecision, RocGolden Roc, RocGolden RocAll, PrGolden Pr) : INamed;

internal sealed record RocGolden(double[] Fpr, double[] Tpr, double[] ThresholdsAfterFirst);

internal sealed record PrGolden(double[] Precision, double[] Recall, double[] Thresholds);

/// <summary>
/// One averaged metric as the golden files hold it: scikit-learn's values (null where it raises) and the averages
/// over the labels ModelGen treats as defined.
/// </summary>
internal sealed record AveragedGolden(
    double?[] PerLabel, int[] UndefinedLabels, double? Macro, double? Micro, double? Weighted, double MacroDefinedLabels, double WeightedDefinedLabels);

internal sealed record MultiLabelCase(
    string Name, int LabelCount, float[] Scores, float[] Labels, AveragedGolden Auroc, AveragedGolden AveragePrecision) : INamed;

internal sealed record MultiClassCase(
    string Name, int ClassCount, float[] Probabilities, float[] Classes, AveragedGolden Auroc, OvrGolden AurocOvr) : INamed;

/// <summary>scikit-learn's own <c>roc_auc_score(y, p, multi_class="ovr")</c>; null where it raises.</summary>
internal sealed record OvrGolden(double? Macro, double? Weighted, double? Micro);

/// <summary>DeLong's statistics for model A alone and for A against B, from the Python reference or from pROC.</summary>
internal sealed record DeLongCase(
    string Name, float[] Labels, float[] ScoresA, float[] ScoresB, double AucA, double AucB, double SeA, double[] CiA, double Z, double P,
    double[] DifferenceCi) : INamed;

internal sealed record NormalValues(NormalCdf[] Cdf, NormalQuantile[] Quantile);

internal sealed record NormalCdf(double X, double Value);

internal sealed record NormalQuantile(double P, double Value);
