using System;

namespace ModelGen.Metrics;

/// <summary>
/// Counts of a binary decision at one threshold: a sample is predicted positive when its score is at least the
/// threshold, as on <see cref="RocCurve"/>. Rates whose denominator is zero are NaN.
/// </summary>
/// <param name="TruePositives">Positives predicted positive.</param>
/// <param name="FalsePositives">Negatives predicted positive.</param>
/// <param name="TrueNegatives">Negatives predicted negative.</param>
/// <param name="FalseNegatives">Positives predicted negative.</param>
public readonly record struct ConfusionMatrix(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    /// <summary>Counts the decisions at <paramref name="threshold"/>.</summary>
    /// <param name="scores">One score per sample.</param>
    /// <param name="labels">One label per sample, 0 or 1.</param>
    /// <param name="threshold">Scores at or above it are predicted positive.</param>
    /// <exception cref="ArgumentException">The lengths differ, a score is NaN, or a label is not 0 or 1.</exception>
    public static ConfusionMatrix AtThreshold(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, float threshold)
    {
        SampleChecks.ScoresAndLabels(scores, labels, labelCount: 1);
        Span<int> counts = stackalloc int[4]; // at 2 * actual + predicted
        for (int i = 0; i < scores.Length; i++)
        {
            counts[(labels[i] != 0f ? 2 : 0) + (scores[i] >= threshold ? 1 : 0)]++;
        }

        return new ConfusionMatrix(
            TruePositives: counts[3], FalsePositives: counts[1], TrueNegatives: counts[0], FalseNegatives: counts[2]);
    }

    /// <summary>Sensitivity, recall: TP / (TP + FN).</summary>
    public double TruePositiveRate => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>1 − specificity: FP / (FP + TN).</summary>
    public double FalsePositiveRate => Ratio(FalsePositives, FalsePositives + TrueNegatives);

    /// <summary>Specificity: TN / (TN + FP).</summary>
    public double TrueNegativeRate => Ratio(TrueNegatives, TrueNegatives + FalsePositives);

    /// <summary>Positive predictive value: TP / (TP + FP).</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>The fraction of decisions that are right.</summary>
    public double Accuracy => Ratio(TruePositives + TrueNegatives, TruePositives + FalsePositives + TrueNegatives + FalseNegatives);

    private static double Ratio(int part, int whole) => whole == 0 ? double.NaN : (double)part / whole;
}
