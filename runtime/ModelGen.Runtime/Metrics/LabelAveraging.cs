using System;
using System.Buffers;
using System.Collections.Generic;

namespace ModelGen.Metrics;

/// <summary>A binary metric of one ranked column; NaN where the column's labels leave it undefined.</summary>
internal delegate double ColumnMetric(in RankedSamples ranked);

/// <summary>Runs a binary metric on every label column and averages the results as scikit-learn does.</summary>
internal static class LabelAveraging
{
    /// <summary>The metric over row-major <c>[sample, label]</c> scores and 0/1 labels.</summary>
    public static MultiLabelScore Compute(
        ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, int labelCount, AurocAverage average, ColumnMetric metric)
    {
        if (average is not (AurocAverage.Macro or AurocAverage.Micro or AurocAverage.Weighted))
        {
            throw new ArgumentOutOfRangeException(nameof(average), average, "Unknown average.");
        }

        int samples = SampleChecks.ScoresAndLabels(scores, labels, labelCount);
        var perLabel = new double[labelCount];
        var positives = new int[labelCount];
        var undefined = new List<int>();
        for (int label = 0; label < labelCount; label++)
        {
            using RankedSamples column = RankedSamples.Rank(scores, labels, label, labelCount, samples);
            perLabel[label] = metric(column);
            positives[label] = column.Positives;
            if (double.IsNaN(perLabel[label]))
            {
                undefined.Add(label);
            }
        }

        double value = average switch
        {
            AurocAverage.Macro => MeanOfDefined(perLabel, weights: null),
            AurocAverage.Weighted => MeanOfDefined(perLabel, positives),
            _ => Pooled(scores, labels, metric),
        };
        return new MultiLabelScore(value, average, perLabel, positives, undefined.ToArray());
    }

    /// <summary>
    /// The metric one-vs-rest over per-class scores and class indices held as floats (the layout of a MultiClass
    /// model's targets): class k's column is scored against "the class index is k".
    /// </summary>
    public static MultiLabelScore OneVsRest(
        ReadOnlySpan<float> scores, ReadOnlySpan<float> classIndices, int classCount, AurocAverage average, ColumnMetric metric)
    {
        if (classCount < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "One-vs-rest needs at least two classes.");
        }

        int samples = SampleChecks.WholeSamples(scores.Length, classCount, "probabilities");
        SampleChecks.Scores(scores, classCount, "probabilities");
        if (classIndices.Length != samples)
        {
            throw new ArgumentException(
                $"probabilities holds {samples} samples of {classCount} classes but classIndices has {classIndices.Length} values; there must be one class index per sample.",
                nameof(classIndices));
        }

        float[] oneHot = ArrayPool<float>.Shared.Rent(scores.Length);
        try
        {
            Span<float> labels = oneHot.AsSpan(0, scores.Length);
            OneHot(classIndices, classCount, labels, nameof(classIndices));
            return Compute(scores, labels, classCount, average, metric);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(oneHot);
        }
    }

    /// <summary>
    /// Writes row-major <c>[sample, class]</c> 0/1 labels for class indices held as floats, or throws saying which
    /// sample holds what.
    /// </summary>
    public static void OneHot(ReadOnlySpan<float> classIndices, int classCount, Span<float> labels, string parameter)
    {
        labels.Clear();
        for (int sample = 0; sample < classIndices.Length; sample++)
        {
            float value = classIndices[sample];
            if (!(value >= 0f && value < classCount && value == MathF.Floor(value)))
            {
                throw new ArgumentException(
                    $"{parameter}[{sample}] is {SampleChecks.Format(value)}; a class index must be a whole number from 0 to {classCount - 1}.",
                    parameter);
            }

            labels[sample * classCount + (int)value] = 1f;
        }
    }

    /// <summary>The mean of the values that are not NaN, weighted when weights are given; NaN when none is.</summary>
    public static double MeanOfDefined(IReadOnlyList<double> values, IReadOnlyList<int>? weights)
    {
        double sum = 0, weightSum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                double weight = weights is null ? 1 : weights[i];
                sum += weight * values[i];
                weightSum += weight;
            }
        }

        return weightSum == 0 ? double.NaN : sum / weightSum;
    }

    private static double Pooled(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, ColumnMetric metric)
    {
        using RankedSamples all = RankedSamples.Rank(scores, labels, 0, 1, scores.Length);
        return metric(all);
    }
}
