using System;
using System.Linq;
using ModelGen.Metrics;
using Xunit;
using static ModelGen.Tests.Metrics.MetricGoldens;

namespace ModelGen.Tests.Metrics;

/// <summary>Multi-label and one-vs-rest metrics equal scikit-learn's on Golden/multilabel.json and Golden/multiclass.json.</summary>
public sealed class SklearnAveragedGoldenTests
{
    public static TheoryData<string> MultiLabelCases() => Names(MultiLabelGoldens);

    public static TheoryData<string> MultiClassCases() => Names(MultiClassGoldens);

    [Fact]
    public void The_cases_include_columns_without_positives_or_negatives_and_an_absent_class()
    {
        Assert.Contains(MultiLabelGoldens.Value, c => c.Auroc.UndefinedLabels.Length > 0 && c.Auroc.Macro is null);
        Assert.Contains(MultiClassGoldens.Value, c => c.Auroc.UndefinedLabels.Length > 0 && c.AurocOvr.Macro is null);
    }

    [Theory]
    [MemberData(nameof(MultiLabelCases))]
    public void Multi_label_auroc_matches_roc_auc_score(string name)
    {
        MultiLabelCase golden = Named(MultiLabelGoldens, name);
        foreach (AurocAverage average in Enum.GetValues<AurocAverage>())
        {
            AssertAveraged(golden.Auroc, Auroc.MultiLabel(golden.Scores, golden.Labels, golden.LabelCount, average), $"{name} {average}");
        }
    }

    [Theory]
    [MemberData(nameof(MultiLabelCases))]
    public void Multi_label_average_precision_matches_average_precision_score(string name)
    {
        MultiLabelCase golden = Named(MultiLabelGoldens, name);
        foreach (AurocAverage average in Enum.GetValues<AurocAverage>())
        {
            AssertAveraged(
                golden.AveragePrecision, AveragePrecision.MultiLabel(golden.Scores, golden.Labels, golden.LabelCount, average), $"{name} {average}");
        }
    }

    [Theory]
    [MemberData(nameof(MultiClassCases))]
    public void One_vs_rest_auroc_matches_roc_auc_score_with_multi_class_ovr(string name)
    {
        MultiClassCase golden = Named(MultiClassGoldens, name);
        foreach (AurocAverage average in Enum.GetValues<AurocAverage>())
        {
            MultiLabelScore actual = Auroc.MultiClassOneVsRest(golden.Probabilities, golden.Classes, golden.ClassCount, average);
            AssertAveraged(golden.Auroc, actual, $"{name} {average}");
            double? sklearn = average switch
            {
                AurocAverage.Macro => golden.AurocOvr.Macro,
                AurocAverage.Weighted => golden.AurocOvr.Weighted,
                _ => golden.AurocOvr.Micro,
            };
            if (sklearn is double value)
            {
                AssertClose(value, actual.Value, SklearnTolerance, $"{name} {average} multi_class=ovr");
            }
        }
    }

    // Where scikit-learn defines the average, ours equals it; where it raises, ours averages the defined labels.
    private static void AssertAveraged(AveragedGolden expected, MultiLabelScore actual, string context)
    {
        Assert.Equal(expected.UndefinedLabels, actual.UndefinedLabels);
        for (int label = 0; label < expected.PerLabel.Length; label++)
        {
            if (expected.UndefinedLabels.Contains(label))
            {
                Assert.True(double.IsNaN(actual.PerLabel[label]), $"{context}: label {label} should be NaN");
            }
            else
            {
                AssertClose(expected.PerLabel[label]!.Value, actual.PerLabel[label], SklearnTolerance, $"{context} label {label}");
            }
        }

        double wanted = actual.Average switch
        {
            AurocAverage.Macro => expected.UndefinedLabels.Length == 0 ? expected.Macro!.Value : expected.MacroDefinedLabels,
            AurocAverage.Weighted => expected.Weighted ?? expected.WeightedDefinedLabels,
            _ => expected.Micro!.Value,
        };
        AssertClose(wanted, actual.Value, SklearnTolerance, context);
    }
}
