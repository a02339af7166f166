using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ModelGen.Serialization;

/// <summary>One parameter tensor: its PyTorch <c>state_dict</c> name (as <c>nn.Sequential</c> names it), shape and place in the parameter array.</summary>
/// <param name="Name">For example <c>0.weight</c> or <c>7.bias</c>.</param>
/// <param name="Shape">Conv2D weight <c>[out, in, kh, kw]</c>, Dense weight <c>[out, in]</c>, biases <c>[out]</c>.</param>
/// <param name="Offset">Index of the first element in <c>ExportParameters</c> order.</param>
/// <param name="Length">Number of elements.</param>
public sealed record TensorInfo(string Name, IReadOnlyList<int> Shape, int Offset, int Length);

/// <summary>One layer as planned: its position, declaration and shapes (as text: <c>8x28x28</c> is CHW, <c>64</c> a vector).</summary>
public sealed record LayerInfo(int Index, string Declaration, string InputShape, string OutputShape)
{
    /// <summary>The output shape as numbers: channels, height, width for an image; one length for a vector.</summary>
    public IReadOnlyList<int> OutputDimensions => Array.ConvertAll(OutputShape.Split('x'), d => int.Parse(d, System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>
/// What a generated model is, as plain data: layers, shapes and parameter tensors. Weight files and safetensors use
/// it to check that a file fits the model before anything is changed.
/// </summary>
public sealed class ModelDescription
{
    /// <summary>Creates a description; generated models build theirs once, at compile time.</summary>
    public ModelDescription(string name, ModelTask task, IReadOnlyList<int> inputShape, int outputLength, IReadOnlyList<LayerInfo> layers, IReadOnlyList<TensorInfo> tensors)
    {
        Name = name;
        Task = task;
        InputShape = inputShape;
        OutputLength = outputLength;
        Layers = layers;
        Tensors = tensors;
        ParameterCount = tensors.Sum(t => t.Length);
        Signature = BuildSignature();
    }

    /// <summary>The model class's name.</summary>
    public string Name { get; }

    /// <summary>The task.</summary>
    public ModelTask Task { get; }

    /// <summary>The input shape as declared.</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>Outputs per sample.</summary>
    public int OutputLength { get; }

    /// <summary>The layers, in order.</summary>
    public IReadOnlyList<LayerInfo> Layers { get; }

    /// <summary>The parameter tensors, in state_dict order.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>Total parameters.</summary>
    public int ParameterCount { get; }

    /// <summary>
    /// The architecture as one line per layer (task, input, then each layer with its shapes): equal signatures mean
    /// interchangeable weights. The class name is not part of it.
    /// </summary>
    public string Signature { get; }

    private string BuildSignature()
    {
        var text = new StringBuilder();
        text.Append("task ").Append(Task).Append('\n');
        text.Append("input ").Append(string.Join("x", InputShape)).Append('\n');
        foreach (LayerInfo layer in Layers)
        {
            text.Append(layer.Index).Append(' ').Append(layer.Declaration).Append(' ')
                .Append(layer.InputShape).Append(" -> ").Append(layer.OutputShape).Append('\n');
        }

        return text.ToString();
    }
}
