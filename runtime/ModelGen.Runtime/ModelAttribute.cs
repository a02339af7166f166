using System;

namespace ModelGen;

/// <summary>
/// Declares a partial class as a ModelGen network. The layer attributes written after it, in source order,
/// are its layers; the generator turns them into shape-specialized code at compile time.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ModelAttribute : Attribute
{
    /// <param name="inputShape">One number for a feature vector, or three for an image: channels, height, width.</param>
    public ModelAttribute(params int[] inputShape) => InputShape = inputShape;

    /// <summary>The shape of one input sample.</summary>
    public int[] InputShape { get; }

    /// <summary>The task, which picks the head, loss and metrics. Defaults to <see cref="ModelTask.MultiClass"/>.</summary>
    public ModelTask Task { get; set; } = ModelTask.MultiClass;
}
