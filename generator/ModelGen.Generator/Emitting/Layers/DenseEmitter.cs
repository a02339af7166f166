using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>Dense: output[o] = bias[o] + sum over i of weight[o, i] * input[i], as torch.nn.Linear.</summary>
internal sealed class DenseEmitter : LayerEmitter
{
    public static readonly DenseEmitter Instance = new();

    public override void EmitForward(SourceWriter writer, LayerPlan layer, InstructionSet path)
    {
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
}
