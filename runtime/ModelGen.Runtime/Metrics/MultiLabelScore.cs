using System.Collections.Generic;

namespace ModelGen.Metrics;

/// <summary>
/// A metric over several labels (or one-vs-rest classes): the averaged value and every label's own value. A label
/// whose value is undefined (no positives, or for AUROC no negatives either) is NaN in <see cref="PerLabel"/>, listed
/// in <see cref="UndefinedLabels"/>, and left out of the macro and weighted averages.
/// </summary>
public sealed class MultiLabelScore
{
    internal MultiLabelScore(double value, AurocAverage average, double[] perLabel, int[] positives, int[] undefinedLabels)
    {
        Value = value;
        Average = average;
        PerLabel = perLabel;
        Positives = positives;
        UndefinedLabels = undefinedLabels;
    }

    /// <summary>
    /// The averaged value. NaN when no label is defined (macro, weighted) or when every cell has the same label
    /// (micro, which pools undefined labels' cells with the rest).
    /// </summary>
    public double Value { get; }

    /// <summary>How <see cref="Value"/> was averaged.</summary>
    public AurocAverage Average { get; }

    /// <summary>The value of each label in label order; NaN for an undefined label.</summary>
    public IReadOnlyList<double> PerLabel { get; }

    /// <summary>How many samples are positive for each label (its support).</summary>
    public IReadOnlyList<int> Positives { get; }

    /// <summary>The indices of the labels whose value is undefined, in ascending order.</summary>
    public IReadOnlyList<int> UndefinedLabels { get; }

    /// <summary>Whether <see cref="Value"/> is a number.</summary>
    public bool IsDefined => !double.IsNaN(Value);
}
