using ModelGen.Metrics;

namespace ModelGen;

/// <summary>
/// The metrics of one output of a model over an evaluation set: one label (Binary, MultiLabel) or one class against
/// the rest (MultiClass).
/// </summary>
public sealed class LabelEvaluation
{
    internal LabelEvaluation(
        string name, int positives, int negatives, double auroc, AurocInterval? interval, double averagePrecision, RocCurve? rocCurve)
    {
        Name = name;
        Positives = positives;
        Negatives = negatives;
        Auroc = auroc;
        AurocInterval = interval;
        AveragePrecision = averagePrecision;
        RocCurve = rocCurve;
    }

    /// <summary>The label's name: from <see cref="LabelsAttribute"/>, or "positive", "label k" or "class k".</summary>
    public string Name { get; }

    /// <summary>Samples for which the label is 1 (for a class: samples of that class).</summary>
    public int Positives { get; }

    /// <summary>Samples for which the label is 0.</summary>
    public int Negatives { get; }

    /// <summary>The AUROC; NaN when the samples are all one class (see <see cref="UndefinedReason"/>).</summary>
    public double Auroc { get; }

    /// <summary>DeLong's 95% confidence interval; null when there are fewer than two positives or two negatives.</summary>
    public AurocInterval? AurocInterval { get; }

    /// <summary>The average precision; NaN when no sample is positive.</summary>
    public double AveragePrecision { get; }

    /// <summary>The ROC curve (scikit-learn's <c>drop_intermediate</c> points); null when the AUROC is undefined.</summary>
    public RocCurve? RocCurve { get; }

    /// <summary>Why the AUROC is undefined ("no positives", "no negatives"), or null when it is defined.</summary>
    public string? UndefinedReason => Positives == 0 ? "no positives" : Negatives == 0 ? "no negatives" : null;
}
