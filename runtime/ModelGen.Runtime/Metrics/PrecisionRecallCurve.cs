using System;
using System.Collections.Generic;

namespace ModelGen.Metrics;

/// <summary>
/// The precision-recall curve, equal to scikit-learn's <c>precision_recall_curve</c>: one point per distinct score
/// in increasing order of threshold, then a last point (precision 1, recall 0) that has no threshold.
/// </summary>
public sealed class PrecisionRecallCurve
{
    private readonly double[] precisions;
    private readonly double[] recalls;
    private readonly float[] thresholds;

    private PrecisionRecallCurve(double[] precisions, double[] recalls, float[] thresholds)
    {
        this.precisions = precisions;
        this.recalls = recalls;
        this.thresholds = thresholds;
    }

    /// <summary>The precision at each threshold, then 1; one more value than <see cref="Thresholds"/>.</summary>
    public IReadOnlyList<double> Precisions => precisions;

    /// <summary>The recall at each threshold, falling to 0; one more value than <see cref="Thresholds"/>.</summary>
    public IReadOnlyList<double> Recalls => recalls;

    /// <summary>The distinct scores in increasing order.</summary>
    public IReadOnlyList<float> Thresholds => thresholds;

    /// <summary>Computes the curve of one binary problem.</summary>
    /// <param name="scores">One score per sample; higher means more likely positive.</param>
    /// <param name="labels">One label per sample, 0 or 1.</param>
    /// <exception cref="ArgumentException">
    /// The lengths differ, a score is NaN, a label is not 0 or 1, or no label is 1 (recall would divide by zero).
    /// </exception>
    public static PrecisionRecallCurve Compute(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        using RankedSamples ranked = RankedSamples.CheckAndRank(scores, labels);
        if (ranked.Positives == 0)
        {
            throw SampleChecks.Undefined("The precision-recall curve", ranked.Positives, ranked.Negatives, needsNegatives: false);
        }

        var precision = new List<double>();
        var recall = new List<double>();
        var cuts = new List<float>();
        long truePositives = 0, predictedPositives = 0;
        foreach (TieGroup group in ranked.Descending())
        {
            truePositives += group.Positives;
            predictedPositives += group.Count;
            precision.Add((double)truePositives / predictedPositives);
            recall.Add((double)truePositives / ranked.Positives);
            cuts.Add(group.Score);
        }

        precision.Reverse();
        recall.Reverse();
        cuts.Reverse();
        precision.Add(1);
        recall.Add(0);
        return new PrecisionRecallCurve(precision.ToArray(), recall.ToArray(), cuts.ToArray());
    }
}
