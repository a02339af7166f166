namespace ModelGen.Metrics;

/// <summary>How the per-label values of a multi-label or one-vs-rest metric become one number, as scikit-learn's <c>average</c>.</summary>
public enum AurocAverage
{
    /// <summary>The plain mean of the per-label values; labels whose value is undefined are left out.</summary>
    Macro = 0,

    /// <summary>Every (sample, label) cell pooled into one binary problem, as <c>average="micro"</c>.</summary>
    Micro = 1,

    /// <summary>The mean of the per-label values weighted by each label's number of positives (its prevalence).</summary>
    Weighted = 2,
}
