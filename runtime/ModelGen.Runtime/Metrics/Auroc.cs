using System;

namespace ModelGen.Metrics;

/// <summary>
/// Area under the ROC curve, equal to scikit-learn's <c>roc_auc_score</c>: the probability that a random positive
/// scores higher than a random negative, a tie counting one half. Scores may be of any range (probabilities or
/// logits); only their order matters. Infinite scores are allowed; NaN is not.
/// </summary>
public static class Auroc
{
    /// <summary>
    /// The AUROC of one binary problem, exactly (an integer count of pairs divided once), in O(n log n) time with
    /// pooled scratch memory.
    /// </summary>
    /// <param name="scores">One score per sample; higher means more likely positive.</param>
    /// <param name="labels">One label per sample, 0 or 1.</param>
    /// <exception cref="ArgumentException">
    /// The lengths differ, a score is NaN, a label is not 0 or 1, or the labels are all one class (AUROC is then
    /// undefined).
    /// </exception>
    public static double Binary(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        using RankedSamples ranked = RankedSamples.CheckAndRank(scores, labels);
        if (ranked.Positives == 0 || ranked.Negatives == 0)
        {
            throw SampleChecks.Undefined("AUROC", ranked.Positives, ranked.Negatives, needsNegatives: true);
        }

        return OfRanked(ranked);
    }

    /// <summary>
    /// The AUROC of every label of a multi-label problem and their average, as
    /// <c>roc_auc_score(labels, scores, average=...)</c>. A label whose column is all one class is NaN, listed in
    /// <see cref="MultiLabelScore.UndefinedLabels"/> and left out of the macro and weighted averages (scikit-learn
    /// raises an error instead).
    /// </summary>
    /// <param name="scores">Row-major <c>[sample, label]</c> scores.</param>
    /// <param name="labels">Row-major <c>[sample, label]</c> labels, 0 or 1.</param>
    /// <param name="labelCount">Labels per sample.</param>
    /// <param name="average">How the per-label values are averaged.</param>
    /// <exception cref="ArgumentException">The lengths differ or are not whole samples, a score is NaN, or a label is not 0 or 1.</exception>
    public static MultiLabelScore MultiLabel(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, int labelCount, AurocAverage average) =>
        LabelAveraging.Compute(scores, labels, labelCount, average, OfColumn);

    /// <summary>
    /// One-vs-rest AUROC of a multi-class problem, as <c>roc_auc_score(y, p, multi_class="ovr", average=...)</c>:
    /// class k's scores against "the sample is of class k". A class that no sample (or every sample) belongs to is NaN
    /// and left out of the averages. Unlike scikit-learn, the scores need not sum to 1.
    /// </summary>
    /// <param name="probabilities">Row-major <c>[sample, class]</c> scores.</param>
    /// <param name="classIndices">One class index per sample, held as a float (the layout of a MultiClass model's targets).</param>
    /// <param name="classCount">Classes per sample, at least 2.</param>
    /// <param name="average">How the per-class values are averaged; <see cref="AurocAverage.Weighted"/> weighs by prevalence.</param>
    /// <exception cref="ArgumentException">The lengths do not match, a score is NaN, or a class index is not a whole number in range.</exception>
    public static MultiLabelScore MultiClassOneVsRest(
        ReadOnlySpan<float> probabilities, ReadOnlySpan<float> classIndices, int classCount, AurocAverage average) =>
        LabelAveraging.OneVsRest(probabilities, classIndices, classCount, average, OfColumn);

    /// <summary>The AUROC of ranked samples that hold both classes.</summary>
    internal static double OfRanked(in RankedSamples ranked)
    {
        // Twice the number of (positive, negative) pairs ordered correctly, ties counting one: an exact integer.
        long twicePairs = 0;
        long positivesAbove = 0;
        foreach (TieGroup group in ranked.Descending())
        {
            twicePairs += group.Negatives * (2 * positivesAbove + group.Positives);
            positivesAbove += group.Positives;
        }

        return twicePairs / (2.0 * ranked.Positives * ranked.Negatives);
    }

    /// <summary>The AUROC of ranked samples, or NaN when they are all one class.</summary>
    internal static double OfColumn(in RankedSamples ranked) =>
        ranked.Positives == 0 || ranked.Negatives == 0 ? double.NaN : OfRanked(ranked);
}
