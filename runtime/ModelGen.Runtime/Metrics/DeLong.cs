using System;
using System.Buffers;

namespace ModelGen.Metrics;

/// <summary>
/// DeLong's method (DeLong, DeLong and Clarke-Pearson 1988, computed by ranking as Sun and Xu 2014 do): the variance
/// of an AUROC from its structural components, a confidence interval for one AUROC and a test that two models scored
/// on the same samples have the same AUROC. Agrees with the R package pROC's <c>ci.auc(method = "delong")</c> and
/// <c>roc.test(method = "delong")</c> for a curve whose direction is "higher score means positive".
/// </summary>
public static class DeLong
{
    /// <summary>
    /// The AUROC with its DeLong standard error and the interval AUROC ± z·SE, clipped to [0, 1], where z is the
    /// normal quantile for <paramref name="level"/> (1.959964 for 95%).
    /// </summary>
    /// <param name="scores">One score per sample; higher means more likely positive.</param>
    /// <param name="labels">One label per sample, 0 or 1.</param>
    /// <param name="level">The coverage of the interval, between 0 and 1.</param>
    /// <exception cref="ArgumentException">
    /// The lengths differ, a score is NaN, a label is not 0 or 1, or there are fewer than two positives or two
    /// negatives (the variance is then undefined).
    /// </exception>
    public static AurocInterval ConfidenceInterval(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, double level = 0.95)
    {
        double z = NormalQuantileFor(level);
        using RankedSamples ranked = RankedSamples.CheckAndRank(scores, labels);
        RequireVariance(ranked.Positives, ranked.Negatives);
        return IntervalOf(ranked, z, level);
    }

    /// <summary>
    /// DeLong's test for two correlated AUROCs: models A and B scored the same samples. The z statistic is
    /// (AUROC A − AUROC B) divided by the standard error of the difference, and the p-value is two-sided.
    /// </summary>
    /// <param name="scoresA">Model A's score for each sample.</param>
    /// <param name="scoresB">Model B's score for each sample, in the same order.</param>
    /// <param name="labels">One label per sample, 0 or 1.</param>
    /// <exception cref="ArgumentException">
    /// The lengths differ, a score is NaN, a label is not 0 or 1, or there are fewer than two positives or two negatives.
    /// </exception>
    public static AurocComparison Compare(ReadOnlySpan<float> scoresA, ReadOnlySpan<float> scoresB, ReadOnlySpan<float> labels)
    {
        int samples = SampleChecks.ScoresAndLabels(scoresA, labels, labelCount: 1);
        if (scoresB.Length != samples)
        {
            throw new ArgumentException(
                $"scoresA has {samples} values but scoresB has {scoresB.Length}; both models must score the same samples.", nameof(scoresB));
        }

        SampleChecks.Scores(scoresB, 1, nameof(scoresB));
        double[] rented = ArrayPool<double>.Shared.Rent(2 * samples);
        try
        {
            Span<double> placementsA = rented.AsSpan(0, samples);
            Span<double> placementsB = rented.AsSpan(samples, samples);
            double aurocA = Placements(scoresA, labels, placementsA);
            double aurocB = Placements(scoresB, labels, placementsB);

            // The variance of the difference is L S L' with L = (1, -1): the structural components of A minus B.
            double positiveSquares = 0, negativeSquares = 0;
            int positives = 0;
            for (int i = 0; i < samples; i++)
            {
                bool positive = labels[i] != 0f;
                double d = placementsA[i] - placementsB[i] - (aurocA - aurocB);
                if (positive)
                {
                    positiveSquares += d * d;
                    positives++;
                }
                else
                {
                    negativeSquares += d * d;
                }
            }

            int negatives = samples - positives;
            double variance = positiveSquares / (positives - 1) / positives + negativeSquares / (negatives - 1) / negatives;
            return new AurocComparison(aurocA, aurocB, Math.Sqrt(variance));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>The interval of ranked samples with at least two of each class.</summary>
    internal static AurocInterval IntervalOf(in RankedSamples ranked, double z, double level)
    {
        double auroc = Auroc.OfRanked(ranked);
        double positiveSquares = 0, negativeSquares = 0;
        long positivesAbove = 0, negativesAbove = 0;
        foreach (TieGroup group in ranked.Descending())
        {
            double positivePlacement = PositivePlacement(ranked.Negatives - negativesAbove - group.Negatives, group.Negatives, ranked.Negatives);
            double negativePlacement = NegativePlacement(positivesAbove, group.Positives, ranked.Positives);
            positiveSquares += group.Positives * (positivePlacement - auroc) * (positivePlacement - auroc);
            negativeSquares += group.Negatives * (negativePlacement - auroc) * (negativePlacement - auroc);
            positivesAbove += group.Positives;
            negativesAbove += group.Negatives;
        }

        int p = ranked.Positives, n = ranked.Negatives;
        double standardError = Math.Sqrt(positiveSquares / (p - 1) / p + negativeSquares / (n - 1) / n);
        return new AurocInterval(
            auroc, standardError, Math.Max(0, auroc - z * standardError), Math.Min(1, auroc + z * standardError), level);
    }

    /// <summary>The two-sided normal quantile for a confidence level, or throws if the level is not in (0, 1).</summary>
    internal static double NormalQuantileFor(double level)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must be between 0 and 1, such as 0.95.");
        }

        return NormalDistribution.Quantile(1 - (1 - level) / 2);
    }

    /// <summary>Whether there are enough of each class for a variance (two, since it divides by count − 1).</summary>
    internal static bool HasVariance(int positives, int negatives) => positives >= 2 && negatives >= 2;

    private static void RequireVariance(int positives, int negatives)
    {
        if (!HasVariance(positives, negatives))
        {
            throw new ArgumentException(
                $"DeLong's variance is undefined: there are {positives} positives and {negatives} negatives; it needs at least two of each.",
                "labels");
        }
    }

    // Writes each sample's structural component (its placement among the other class) and returns the AUROC.
    private static double Placements(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, Span<double> placements)
    {
        using RankedSamples ranked = RankedSamples.Rank(scores, labels, 0, 1, scores.Length);
        RequireVariance(ranked.Positives, ranked.Negatives);
        ReadOnlySpan<ulong> keys = ranked.Keys;
        long positivesAbove = 0, negativesAbove = 0;
        foreach (TieGroup group in ranked.Descending())
        {
            double positivePlacement = PositivePlacement(ranked.Negatives - negativesAbove - group.Negatives, group.Negatives, ranked.Negatives);
            double negativePlacement = NegativePlacement(positivesAbove, group.Positives, ranked.Positives);
            foreach (ulong key in keys.Slice(group.Start, group.Count))
            {
                placements[RankedSamples.SampleIndex(key)] = RankedSamples.IsPositive(key) ? positivePlacement : negativePlacement;
            }

            positivesAbove += group.Positives;
            negativesAbove += group.Negatives;
        }

        return Auroc.OfRanked(ranked);
    }

    // V10: the fraction of negatives a positive outranks, ties counting one half.
    private static double PositivePlacement(long negativesBelow, int tiedNegatives, int negatives) =>
        (negativesBelow + 0.5 * tiedNegatives) / negatives;

    // V01: the fraction of positives that outrank a negative, ties counting one half.
    private static double NegativePlacement(long positivesAbove, int tiedPositives, int positives) =>
        (positivesAbove + 0.5 * tiedPositives) / positives;
}
