using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>GlobalAvgPool2D: the mean of each channel, as adaptive_avg_pool2d(x, 1) then flatten.</summary>
internal sealed class GlobalAvgPool2DEmitter : LayerEmitter
{
    public static readonly GlobalAvgPool2DEmitter Instance = new();

    public override void EmitForward(SourceWriter writer, LayerPlan layer, InstructionSet path)
    {
        int area = layer.Input.Height * layer.Input.Width;
        using (writer.Block($"for (int c = 0; c < {layer.Input.Channels}; c++)"))
        {
            writer.Line($"{Code.ReadOnlySpan} plane = input.Slice(c * {area}, {area});");
            writer.Line("float sum = 0f;");
            using (writer.Block($"for (int i = 0; i < {area}; i++)"))
            {
                writer.Line("sum += plane[i];");
            }

            writer.Line($"output[c] = sum / {Code.Float(area)};");
        }
    
    }

    public override void EmitBackward(SourceWriter writer, LayerPlan layer, InstructionSet path)
    {
        int area = layer.Input.Height * layer.Input.Width;
        using (writer.Block($"for (int c = 0; c < {layer.Input.Channels}; c++)"))
        {
            writer.Line($"inputGradient.Slice(c * {area}, {area}).Fill(outputGradient[c] / {Code.Float(area)});");
        }
    }
}
