using System;
using System.Collections.Generic;

namespace ModelGen;

/// <summary>
/// Names the outputs of a model, in output order, so evaluation reports and ROC plots show names instead of indices:
/// <c>[Labels("nodule", "mass", "effusion")]</c>. A Binary model names its one output.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LabelsAttribute : Attribute
{
    /// <summary>Declares the label names.</summary>
    /// <param name="names">One name per output, in output order.</param>
    public LabelsAttribute(params string[] names) => Names = names;

    /// <summary>The label names in output order.</summary>
    public IReadOnlyList<string> Names { get; }
}
