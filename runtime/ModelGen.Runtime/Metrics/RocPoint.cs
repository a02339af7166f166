namespace ModelGen.Metrics;

/// <summary>One point of a ROC curve.</summary>
/// <param name="Threshold">Samples scoring at least this are predicted positive.</param>
/// <param name="FalsePositiveRate">The fraction of negatives predicted positive (1 − specificity).</param>
/// <param name="TruePositiveRate">The fraction of positives predicted positive (sensitivity).</param>
public readonly record struct RocPoint(float Threshold, double FalsePositiveRate, double TruePositiveRate)
{
    /// <summary>Youden's J statistic, sensitivity + specificity − 1.</summary>
    public double YoudenJ => TruePositiveRate - FalsePositiveRate;
}
