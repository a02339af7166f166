using System;
using System.Globalization;

namespace ModelGen.Metrics;

/// <summary>The argument checks every metric makes, so the messages say the same things everywhere.</summary>
internal static class SampleChecks
{
    /// <summary>
    /// Throws unless <paramref name="scores"/> and <paramref name="labels"/> hold the same whole number of samples of
    /// <paramref name="labelCount"/> values, no score is NaN and every label is 0 or 1. Returns the sample count.
    /// The messages call the two spans by the caller's parameter names.
    /// </summary>
    public static int ScoresAndLabels(
        ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, int labelCount, string scoresName = "scores", string labelsName = "labels")
    {
        LabelCount(labelCount);
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException(
                $"{scoresName} has {scores.Length} values but {labelsName} has {labels.Length}; there must be one label per score.",
                labelsName);
        }

        int samples = WholeSamples(scores.Length, labelCount, scoresName);
        Scores(scores, labelCount, scoresName);
        for (int i = 0; i < labels.Length; i++)
        {
            float label = labels[i];
            if (label != 0f && label != 1f)
            {
                throw new ArgumentException(
                    $"{labelsName}[{i}]{Where(i, labelCount)} is {Format(label)}; every label must be 0 or 1.", labelsName);
            }
        }

        return samples;
    }

    /// <summary>Throws unless <paramref name="labelCount"/> is at least 1.</summary>
    private static void LabelCount(int labelCount)
    {
        if (labelCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(labelCount), labelCount, "There must be at least one label.");
        }
    }

    /// <summary>Throws if any score is NaN.</summary>
    public static void Scores(ReadOnlySpan<float> scores, int labelCount, string parameter = "scores")
    {
        for (int i = 0; i < scores.Length; i++)
        {
            if (float.IsNaN(scores[i]))
            {
                throw new ArgumentException($"{parameter}[{i}]{Where(i, labelCount)} is NaN; every score must be a number.", parameter);
            }
        }
    }

    /// <summary>Throws unless <paramref name="length"/> is a whole number of samples; returns that number.</summary>
    public static int WholeSamples(int length, int perSample, string parameter)
    {
        if (length % perSample != 0)
        {
            throw new ArgumentException(
                $"{parameter} has {length} values, which is not a whole number of samples of {perSample} values each.", parameter);
        }

        return length / perSample;
    }

    /// <summary>Says which sample and label a flat index is, when there is more than one label per sample.</summary>
    public static string Where(int index, int labelCount) =>
        labelCount == 1 ? "" : $" (sample {index / labelCount}, label {index % labelCount})";

    /// <summary>Formats a value for a message, the same in every culture.</summary>
    public static string Format(float value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The exception for a binary metric whose labels do not have both classes it needs.</summary>
    public static ArgumentException Undefined(string metric, int positives, int negatives, bool needsNegatives)
    {
        string what = positives + negatives == 0
            ? "there are no samples"
            : positives == 0 ? $"all {negatives} labels are 0" : $"all {positives} labels are 1";
        string needs = needsNegatives ? "at least one positive and one negative" : "at least one positive";
        return new ArgumentException($"{metric} is undefined: {what}; it needs {needs}.", "labels");
    }
}
