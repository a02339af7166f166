using System;

namespace ModelGen.Metrics;

/// <summary>
/// Average precision, equal to scikit-learn's <c>average_precision_score</c>: the precision at each distinct
/// threshold weighted by the recall it adds, with no interpolation. Ties share one threshold.
/// </summary>
public static class AveragePrecision
{
    /// <summary>The average precision of one binary problem.</summary>
    /// <param name="scores">One score per sample; higher means more likely positive.</param>
    /// <param name="labels">One label per sample, 0 or 1.</param>
    /// <exception cref="ArgumentException">
    /// The lengths differ, a score is NaN, a label is not 0 or 1, or no label is 1 (average precision is then
    /// undefined; scikit-learn returns 0 with a warning).
    /// </exception>
    public static double Binary(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        using RankedSamples ranked = RankedSamples.CheckAndRank(scores, labels);
        if (ranked.Positives == 0)
        {
            throw SampleChecks.Undefined("Average precision", ranked.Positives, ranked.Negatives, needsNegatives: false);
        }

        return OfRanked(ranked);
    }

    /// <summary>
    /// The average precision of every label of a multi-label problem and their average, as
    /// <c>average_precision_score(labels, scores, average=...)</c>. A label with no positives is NaN, listed in
    /// <see cref="MultiLabelScore.UndefinedLabels"/> and left out of the macro average (scikit-learn counts it as 0).
    /// </summary>
    /// <param name="scores">Row-major <c>[sample, label]</c> scores.</param>
    /// <param name="labels">Row-major <c>[sample, label]</c> labels, 0 or 1.</param>
    /// <param name="labelCount">Labels per sample.</param>
    /// <param name="average">How the per-label values are averaged.</param>
    /// <exception cref="ArgumentException">The lengths differ or are not whole samples, a score is NaN, or a label is not 0 or 1.</exception>
    public static MultiLabelScore MultiLabel(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, int labelCount, AurocAverage average) =>
        LabelAveraging.Compute(scores, labels, labelCount, average, OfColumn);

    /// <summary>One-vs-rest average precision of a multi-class problem; see <see cref="Auroc.MultiClassOneVsRest"/> for the layout.</summary>
    /// <param name="probabilities">Row-major <c>[sample, class]</c> scores.</param>
    /// <param name="classIndices">One class index per sample, held as a float.</param>
    /// <param name="classCount">Classes per sample, at least 2.</param>
    /// <param name="average">How the per-class values are averaged.</param>
    /// <exception cref="ArgumentException">The lengths do not match, a score is NaN, or a class index is not a whole number in range.</exception>
    public static MultiLabelScore MultiClassOneVsRest(
        ReadOnlySpan<float> probabilities, ReadOnlySpan<float> classIndices, int classCount, AurocAverage average) =>
        LabelAveraging.OneVsRest(probabilities, classIndices, classCount, average, OfColumn);

    private static double OfRanked(in RankedSamples ranked)
    {
        double sum = 0;
        long truePositives = 0, predictedPositives = 0;
        foreach (TieGroup group in ranked.Descending())
        {
            truePositives += group.Positives;
            predictedPositives += group.Count;
            sum += group.Positives * ((double)truePositives / predictedPositives);
        }

        return sum / ranked.Positives;
    }

    /// <summary>The average precision of ranked samples, or NaN when none is positive.</summary>
    internal static double OfColumn(in RankedSamples ranked) => ranked.Positives == 0 ? double.NaN : OfRanked(ranked);
}
