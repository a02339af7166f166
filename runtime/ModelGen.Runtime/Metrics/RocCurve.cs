using System;
using System.Collections.Generic;

namespace ModelGen.Metrics;

/// <summary>
/// The ROC curve, equal to scikit-learn's <c>roc_curve</c>: one point per distinct score, from the highest threshold
/// down, preceded by the point (0, 0) at threshold +∞ (scikit-learn 1.3 and later; older releases write the highest
/// score plus 1 there). A sample counts as predicted positive when its score is at least the threshold.
/// </summary>
public sealed class RocCurve
{
    private readonly double[] falsePositiveRates;
    private readonly double[] truePositiveRates;
    private readonly float[] thresholds;

    private RocCurve(double[] falsePositiveRates, double[] truePositiveRates, float[] thresholds)
    {
        this.falsePositiveRates = falsePositiveRates;
        this.truePositiveRates = truePositiveRates;
        this.thresholds = thresholds;
    }

    /// <summary>The false-positive rate at each threshold, rising from 0 to 1.</summary>
    public IReadOnlyList<double> FalsePositiveRates => falsePositiveRates;

    /// <summary>The true-positive rate at each threshold, rising from 0 to 1.</summary>
    public IReadOnlyList<double> TruePositiveRates => truePositiveRates;

    /// <summary>The thresholds in decreasing order; the first is +∞.</summary>
    public IReadOnlyList<float> Thresholds => thresholds;

    /// <summary>
    /// Computes the curve of one binary problem.
    /// </summary>
    /// <param name="scores">One score per sample; higher means more likely positive.</param>
    /// <param name="labels">One label per sample, 0 or 1.</param>
    /// <param name="dropIntermediate">
    /// Leave out thresholds whose point lies on a straight segment between its neighbours, as scikit-learn's
    /// <c>drop_intermediate=True</c> (its default): the plotted curve and its area stay the same.
    /// </param>
    /// <exception cref="ArgumentException">
    /// The lengths differ, a score is NaN, a label is not 0 or 1, or the labels are all one class (one of the rates
    /// would divide by zero).
    /// </exception>
    public static RocCurve Compute(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, bool dropIntermediate = true)
    {
        using RankedSamples ranked = RankedSamples.CheckAndRank(scores, labels);
        if (ranked.Positives == 0 || ranked.Negatives == 0)
        {
            throw SampleChecks.Undefined("The ROC curve", ranked.Positives, ranked.Negatives, needsNegatives: true);
        }

        return Of(ranked, dropIntermediate);
    }

    /// <summary>The curve of ranked samples that hold both classes.</summary>
    internal static RocCurve Of(in RankedSamples ranked, bool dropIntermediate)
    {
        var falsePositives = new List<long>();
        var truePositives = new List<long>();
        var cuts = new List<float>();
        long fp = 0, tp = 0;
        foreach (TieGroup group in ranked.Descending())
        {
            fp += group.Negatives;
            tp += group.Positives;
            falsePositives.Add(fp);
            truePositives.Add(tp);
            cuts.Add(group.Score);
        }

        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        var kept = new List<float> { float.PositiveInfinity };
        int last = cuts.Count - 1;
        for (int i = 0; i <= last; i++)
        {
            // As scikit-learn: drop a point only where both counts advance by exactly the same steps on either side,
            // judged on the full sequence; the first and last points always stay.
            if (dropIntermediate && i > 0 && i < last &&
                falsePositives[i + 1] - 2 * falsePositives[i] + falsePositives[i - 1] == 0 &&
                truePositives[i + 1] - 2 * truePositives[i] + truePositives[i - 1] == 0)
            {
                continue;
            }

            fpr.Add((double)falsePositives[i] / ranked.Negatives);
            tpr.Add((double)truePositives[i] / ranked.Positives);
            kept.Add(cuts[i]);
        }

        return new RocCurve(fpr.ToArray(), tpr.ToArray(), kept.ToArray());
    }

    /// <summary>
    /// The point that maximises Youden's J = true-positive rate − false-positive rate; on a tie, the one with the
    /// highest threshold (the first, as <c>numpy.argmax</c> picks).
    /// </summary>
    public RocPoint BestThresholdByYouden()
    {
        int best = 0;
        for (int i = 1; i < thresholds.Length; i++)
        {
            if (truePositiveRates[i] - falsePositiveRates[i] > truePositiveRates[best] - falsePositiveRates[best])
            {
                best = i;
            }
        }

        return new RocPoint(thresholds[best], falsePositiveRates[best], truePositiveRates[best]);
    }
}
