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

        int inputs = layer.Input.Channels;
        EmitParameterViews(writer, layer);
        using (writer.Block($"for (int o = 0; o < {layer.Output.Channels}; o++)"))
        {
            writer.Line($"{Code.ReadOnlySpan} row = weight.Slice(o * {inputs}, {inputs});");
            writer.Line("float sum = bias[o];");
            using (writer.Block($"for (int i = 0; i < {inputs}; i++)"))
            {
                writer.Line("sum += row[i] * input[i];");
            }

            writer.Line("output[o] = sum;");
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
            writer.Line($"{Code.Span} rowGradient = weightGradient.Slice(o * {inputs}, {inputs});");
            if (layer.NeedsInputGradient)
            {
                writer.Line($"{Code.ReadOnlySpan} row = weight.Slice(o * {inputs}, {inputs});");
            }

            using (writer.Block($"for (int i = 0; i < {inputs}; i++)"))
            {
                writer.Line("rowGradient[i] += dy * input[i];");
                if (layer.NeedsInputGradient)
                {
                    writer.Line("inputGradient[i] += dy * row[i];");
                }
            }
        }
    }
}
