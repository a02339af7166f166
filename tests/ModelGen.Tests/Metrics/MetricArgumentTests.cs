using System;
using ModelGen.Metrics;
using Xunit;

namespace ModelGen.Tests.Metrics;

/// <summary>Wrong inputs and undefined metrics: an ArgumentException that says what is wrong and where, or a NaN that is reported.</summary>
public sealed class MetricArgumentTests
{
    [Fact]
    public void Mismatched_lengths_say_both_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => Auroc.Binary([0.1f, 0.2f, 0.3f], [0, 1]));
        Assert.Equal("scores has 3 values but labels has 2; there must be one label per score. (Parameter 'labels')", error.Message);
    }

    [Fact]
    public void A_nan_score_is_named_by_its_index()
    {
        var error = Assert.Throws<ArgumentException>(() => Auroc.Binary([0.1f, float.NaN, 0.3f], [0, 1, 1]));
        Assert.Equal("scores[1] is NaN; every score must be a number. (Parameter 'scores')", error.Message);
        error = Assert.Throws<ArgumentException>(() => Auroc.MultiLabel([0.1f, 0.2f, 0.3f, float.NaN], [0, 1, 1, 0], 2, AurocAverage.Macro));
        Assert.StartsWith("scores[3] (sample 1, label 1) is NaN", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(2f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public void A_label_other_than_zero_or_one_is_named_by_its_index(float label)
    {
        var error = Assert.Throws<ArgumentException>(() => AveragePrecision.Binary([0.1f, 0.2f, 0.3f], [0, label, 1]));
        Assert.Equal("labels", error.ParamName);
        Assert.StartsWith($"labels[1] is {label.ToString(System.Globalization.CultureInfo.InvariantCulture)}; every label must be 0 or 1.", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => AveragePrecision.MultiLabel([0.1f, 0.2f, 0.3f, 0.4f], [0, 1, 1, label], 2, AurocAverage.Micro));
        Assert.StartsWith($"labels[3] (sample 1, label 1) is ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scores_that_are_not_whole_samples_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Auroc.MultiLabel([0.1f, 0.2f, 0.3f], [0, 1, 1], 2, AurocAverage.Macro));
        Assert.Equal("scores has 3 values, which is not a whole number of samples of 2 values each. (Parameter 'scores')", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Auroc.MultiLabel([0.1f], [0], 0, AurocAverage.Macro));
        Assert.Throws<ArgumentOutOfRangeException>(() => Auroc.MultiLabel([0.1f, 0.2f], [0, 1], 1, (AurocAverage)7));
    }

    [Theory]
    [InlineData(new float[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "all 10 labels are 0")]
    [InlineData(new float[] { 1, 1, 1 }, "all 3 labels are 1")]
    [InlineData(new float[0], "there are no samples")]
    public void Binary_auroc_of_one_class_is_an_argument_error(float[] labels, string what)
    {
        float[] scores = new float[labels.Length];
        var error = Assert.Throws<ArgumentException>(() => Auroc.Binary(scores, labels));
        Assert.Equal($"AUROC is undefined: {what}; it needs at least one positive and one negative. (Parameter 'labels')", error.Message);
        Assert.Throws<ArgumentException>(() => RocCurve.Compute(scores, labels));
    }

    [Fact]
    public void Average_precision_needs_a_positive_but_no_negative()
    {
        var error = Assert.Throws<ArgumentException>(() => AveragePrecision.Binary([0.1f, 0.2f], [0, 0]));
        Assert.Equal("Average precision is undefined: all 2 labels are 0; it needs at least one positive. (Parameter 'labels')", error.Message);
        Assert.Throws<ArgumentException>(() => PrecisionRecallCurve.Compute([0.1f, 0.2f], [0, 0]));
        Assert.Equal(1.0, AveragePrecision.Binary([0.1f, 0.2f], [1, 1]));
    }

    [Fact]
    public void Multi_label_reports_undefined_labels_as_nan_and_leaves_them_out_of_the_macro_average()
    {
        // Label 0 is defined; label 1 has no positives; label 2 has no negatives.
        float[] scores = [0.9f, 0.1f, 0.5f, 0.2f, 0.3f, 0.6f, 0.4f, 0.8f, 0.7f];
        float[] labels = [1, 0, 1, 0, 0, 1, 1, 0, 1];
        MultiLabelScore macro = Auroc.MultiLabel(scores, labels, 3, AurocAverage.Macro);
        Assert.Equal([1, 2], macro.UndefinedLabels);
        Assert.True(double.IsNaN(macro.PerLabel[1]) && double.IsNaN(macro.PerLabel[2]));
        Assert.Equal(macro.PerLabel[0], macro.Value);
        Assert.True(macro.IsDefined);
        Assert.Equal([2, 0, 3], macro.Positives);

        MultiLabelScore none = Auroc.MultiLabel([0.1f, 0.2f], [1, 1], 1, AurocAverage.Macro);
        Assert.False(none.IsDefined);
        Assert.Equal([0], none.UndefinedLabels);
        Assert.False(Auroc.MultiLabel([0.1f, 0.2f], [1, 1], 1, AurocAverage.Micro).IsDefined);
    }

    [Theory]
    [InlineData(3f)]
    [InlineData(1.5f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public void One_vs_rest_class_indices_must_be_whole_numbers_in_range(float classIndex)
    {
        var error = Assert.Throws<ArgumentException>(
            () => Auroc.MultiClassOneVsRest([0.2f, 0.3f, 0.5f, 0.6f, 0.3f, 0.1f], [0, classIndex], 3, AurocAverage.Macro));
        Assert.Equal("classIndices", error.ParamName);
        Assert.StartsWith("classIndices[1] is ", error.Message, StringComparison.Ordinal);
        Assert.Contains("a class index must be a whole number from 0 to 2.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_vs_rest_checks_its_shapes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Auroc.MultiClassOneVsRest([0.2f, 0.3f], [0, 0], 1, AurocAverage.Macro));
        var error = Assert.Throws<ArgumentException>(() => Auroc.MultiClassOneVsRest([0.2f, 0.8f, 0.6f, 0.4f], [0], 2, AurocAverage.Macro));
        Assert.Equal("classIndices", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => Auroc.MultiClassOneVsRest([0.2f, float.NaN, 0.6f, 0.4f], [0, 1], 2, AurocAverage.Macro));
        Assert.StartsWith("probabilities[1] (sample 0, label 1) is NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Infinite_scores_rank_like_any_other_score()
    {
        Assert.Equal(1.0, Auroc.Binary([float.NegativeInfinity, -1e30f, float.PositiveInfinity, 5f], [0, 0, 1, 1]));
        Assert.Equal(0.5, Auroc.Binary([float.PositiveInfinity, float.PositiveInfinity], [0, 1]));
    }

    [Fact]
    public void Confusion_matrix_rates_with_nothing_to_divide_by_are_nan()
    {
        ConfusionMatrix matrix = ConfusionMatrix.AtThreshold([0.2f, 0.4f], [0, 0], 0.5f);
        Assert.Equal(new ConfusionMatrix(TruePositives: 0, FalsePositives: 0, TrueNegatives: 2, FalseNegatives: 0), matrix);
        Assert.True(double.IsNaN(matrix.TruePositiveRate));
        Assert.True(double.IsNaN(matrix.Precision));
        Assert.Equal(1.0, matrix.Accuracy);
        Assert.Equal(1.0, matrix.TrueNegativeRate);
    }
}
