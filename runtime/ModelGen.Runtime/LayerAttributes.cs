using System;

namespace ModelGen;

/// <summary>Base of every layer attribute. Layers run in the order their attributes are written.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public abstract class LayerAttribute : Attribute
{
}

/// <summary>2-D convolution over a CHW image, as <c>torch.nn.Conv2d</c>.</summary>
/// <param name="filters">Number of output channels.</param>
/// <param name="kernel">Square kernel size.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2DAttribute(int filters, int kernel) : LayerAttribute
{
    /// <summary>Number of output channels.</summary>
    public int Filters { get; } = filters;

    /// <summary>Square kernel size.</summary>
    public int Kernel { get; } = kernel;

    /// <summary>Step between kernel positions. Defaults to 1.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Zero padding added on every side. Defaults to 0.</summary>
    public int Padding { get; set; }
}

/// <summary>Max pooling over square windows, as <c>torch.nn.MaxPool2d</c> (no padding, floor mode).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool2DAttribute(int size) : LayerAttribute
{
    /// <summary>Square window size.</summary>
    public int Size { get; } = size;

    /// <summary>Step between windows. Defaults to the window size.</summary>
    public int Stride { get; set; }
}

/// <summary>Average pooling over square windows, as <c>torch.nn.AvgPool2d</c> (no padding, floor mode).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AvgPool2DAttribute(int size) : LayerAttribute
{
    /// <summary>Square window size.</summary>
    public int Size { get; } = size;

    /// <summary>Step between windows. Defaults to the window size.</summary>
    public int Stride { get; set; }
}

/// <summary>Averages each channel over the whole image, yielding a vector of channels (as Keras' GlobalAveragePooling2D).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalAvgPool2DAttribute : LayerAttribute
{
}

/// <summary>Flattens a CHW image into a vector, exactly as <c>torch.flatten(x, 1)</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : LayerAttribute
{
}

/// <summary>Fully connected layer, as <c>torch.nn.Linear</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute(int units) : LayerAttribute
{
    /// <summary>Number of outputs.</summary>
    public int Units { get; } = units;
}

/// <summary>max(x, 0).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ReLUAttribute : LayerAttribute
{
}

/// <summary>x for x &gt;= 0, slope * x otherwise, as <c>torch.nn.LeakyReLU</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LeakyReLUAttribute : LayerAttribute
{
    /// <summary>Uses PyTorch's default negative slope, 0.01.</summary>
    public LeakyReLUAttribute() : this(0.01f)
    {
    }

    /// <param name="slope">The slope for negative inputs.</param>
    public LeakyReLUAttribute(float slope) => Slope = slope;

    /// <summary>The slope for negative inputs.</summary>
    public float Slope { get; }
}

/// <summary>1 / (1 + exp(-x)).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SigmoidAttribute : LayerAttribute
{
}

/// <summary>Hyperbolic tangent.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class TanhAttribute : LayerAttribute
{
}
