using System.Collections.Generic;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>Dense: output[o] = bias[o] + sum over i of weight[o, i] * input[i], as torch.nn.Linear.</summary>
internal sealed class DenseEmitter : LayerEmitter
{
    public static readonly DenseEmitter Instance = new();

    public override IReadOnlyList<InstructionSet> ForwardPaths(LayerPlan layer) => PlannedPaths(layer);

    public override IReadOnlyList<InstructionSet> BackwardPaths(LayerPlan layer) => PlannedBackwardPaths(layer);

    public override void EmitForward(SourceWriter writer, LayerPlan layer, InstructionSet path)
    {
        if (path != InstructionSet.Scalar)
        {
            DenseVectorEmitter.EmitForward(writer, layer, PlannedPath(layer, path));
            return;
        }

        EmitParameterViews(writer, layer);
        EmitScalarRows(writer, layer, "input", "output");
    }

    /// <summary>
    /// The forward pass of <see cref="BatchedForward.Samples"/> samples at once in training (<c>inputs</c> [sample,
    /// input] to <c>outputs</c> [sample, output]), each output summed as <see cref="EmitForward"/> sums it.
    /// </summary>
    public static void EmitForwardSamples(SourceWriter writer, LayerPlan layer, InstructionSet path)
    {
        if (path != InstructionSet.Scalar)
        {
            DenseVectorEmitter.EmitForwardSamples(writer, layer, PlannedPath(layer, path));
            return;
        }

        EmitParameterViews(writer, layer);
        using (writer.Block($"for (int k = 0; k < {BatchedForward.Samples}; k++)"))
        {
            writer.Line($"{Code.ReadOnlySpan} input = inputs.Slice(k * {layer.Input.Channels}, {layer.Input.Channels});");
            writer.Line($"{Code.Span} output = outputs.Slice(k * {layer.Output.Channels}, {layer.Output.Channels});");
            EmitScalarRows(writer, layer, "input", "output");
        }
    }

    private static void EmitScalarRows(SourceWriter writer, LayerPlan layer, string input, string output)
    {
        int inputs = layer.Input.Channels;
        using (writer.Block($"for (int o = 0; o < {layer.Output.Channels}; o++)"))
        {
            writer.Line($"{Code.ReadOnlySpan} row = weight.Slice(o * {inputs}, {inputs});");
            writer.Line("float sum = bias[o];");
            using (writer.Block($"for (int i = 0; i < {inputs}; i++)"))
            {
                writer.Line($"sum += row[i] * {input}[i];");
            }

            writer.Line($"{output}[o] = sum;");
        }
    }

    public override void EmitBackward(SourceWriter writer, LayerPlan layer, InstructionSet path)
    {
        if (path != InstructionSet.Scalar)
        {
            DenseVectorEmitter.EmitBackward(writer, layer, PlannedBackwardPath(layer, path));
            return;
        }

        int inputs = layer.Input.Channels;
        bool weights = !layer.DefersWeightGradient;
        EmitGradientViews(writer, layer);
        if (layer.NeedsInputGradient)
        {
            writer.Line($"{Code.ReadOnlySpan} weight = new(_parameters, {layer.WeightOffset}, {layer.WeightLength});");
            writer.Line("inputGradient.Clear();");
        }

        using (writer.Block($"for (int o = 0; o < {layer.Output.Channels}; o++)"))
        {
            writer.Line("float dy = outputGradient[o];");
            writer.Line("biasGradient[o] += dy;");
            if (weights)
            {
                writer.Line($"{Code.Span} rowGradient = weightGradient.Slice(o * {inputs}, {inputs});");
            }

            if (layer.NeedsInputGradient)
            {
                writer.Line($"{Code.ReadOnlySpan} row = weight.Slice(o * {inputs}, {inputs});");
            }

            using (weights || layer.NeedsInputGradient ? writer.Block($"for (int i = 0; i < {inputs}; i++)") : null)
            {
                if (weights)
                {
                    writer.Line("rowGradient[i] += dy * input[i];");
                }

                if (layer.NeedsInputGradient)
                {
                    writer.Line("inputGradient[i] += dy * row[i];");
                }
            }
        }
    }

    /// <summary>
    /// The input gradients of <see cref="BatchedForward.Samples"/> samples at once in training: <c>outputGradients</c>
    /// [sample, output] to <c>inputGradients</c> [sample, input], each summed over all rows in order as the one-sample
    /// kernel sums it (a row whose output gradient is zero adds a zero).
    /// </summary>
    public static void EmitInputGradientSamples(SourceWriter writer, LayerPlan layer, InstructionSet path)
    {
        if (path != InstructionSet.Scalar)
        {
            DenseVectorEmitter.EmitInputGradientSamples(writer, layer, PlannedBackwardPath(layer, path));
            return;
        }

        int inputs = layer.Input.Channels, outputs = layer.Output.Channels;
        writer.Line($"{Code.ReadOnlySpan} weight = new(_parameters, {layer.WeightOffset}, {layer.WeightLength});");
        using (writer.Block($"for (int k = 0; k < {BatchedForward.Samples}; k++)"))
        {
            writer.Line($"{Code.Span} inputGradient = inputGradients.Slice(k * {inputs}, {inputs});");
            writer.Line("inputGradient.Clear();");
            using (writer.Block($"for (int o = 0; o < {outputs}; o++)"))
            {
                writer.Line($"float dy = outputGradients[k * {outputs} + o];");
                writer.Line($"{Code.ReadOnlySpan} row = weight.Slice(o * {inputs}, {inputs});");
                using (writer.Block($"for (int i = 0; i < {inputs}; i++)"))
                {
                    writer.Line("inputGradient[i] += dy * row[i];");
                }
            }
        }
    }

    /// <summary>
    /// The deferred weight gradient (<see cref="DeferredWeightGradient"/>): expects <c>inputs</c> [sample, input],
    /// <c>outputGradients</c> [sample, output] of <see cref="DeferredWeightGradient.Samples"/> samples (unused ones
    /// zero) and adds each sample's dy x^T to the weight gradient in sample order, every row read and written once.
    /// </summary>
    public static void EmitWeightGradient(SourceWriter writer, LayerPlan layer, InstructionSet path)
    {
        if (path != InstructionSet.Scalar)
        {
            DenseVectorEmitter.EmitWeightGradient(writer, layer, PlannedBackwardPath(layer, path));
            return;
        }

        int inputs = layer.Input.Channels, outputs = layer.Output.Channels;
        writer.Line($"{Code.Span} weightGradient = gradients.Slice({layer.WeightOffset}, {layer.WeightLength});");
        using (writer.Block($"for (int o = 0; o < {outputs}; o++)"))
        {
            writer.Line($"{Code.Span} rowGradient = weightGradient.Slice(o * {inputs}, {inputs});");
            using (writer.Block($"for (int i = 0; i < {inputs}; i++)"))
            {
                writer.Line("float sum = rowGradient[i];");
                using (writer.Block($"for (int k = 0; k < {DeferredWeightGradient.Samples}; k++)"))
                {
                    writer.Line($"sum += outputGradients[k * {outputs} + o] * inputs[k * {inputs} + i];");
                }

                writer.Line("rowGradient[i] = sum;");
            }
        }
    }
}
