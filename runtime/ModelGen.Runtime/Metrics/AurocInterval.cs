namespace ModelGen.Metrics;

/// <summary>An AUROC with its DeLong standard error and confidence interval.</summary>
/// <param name="Auroc">The area under the ROC curve.</param>
/// <param name="StandardError">DeLong's standard error of the AUROC.</param>
/// <param name="Lower">The lower end of the interval, at least 0.</param>
/// <param name="Upper">The upper end of the interval, at most 1.</param>
/// <param name="Level">The coverage of the interval, such as 0.95.</param>
public readonly record struct AurocInterval(double Auroc, double StandardError, double Lower, double Upper, double Level);
