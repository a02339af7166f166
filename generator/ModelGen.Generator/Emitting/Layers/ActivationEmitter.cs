using ModelGen.Generator.Parsing;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>Elementwise activations; they may run in place (input and output the same memory).</summary>
internal sealed class ActivationEmitter : LayerEmitter
{
    public static readonly ActivationEmitter Instance = new();

    public override void EmitForward(SourceWriter writer, LayerPlan layer, InstructionSet path)
    {
        string expression = layer.Kind switch
        {
            // MathF.Max returns NaN for a NaN input, as torch.relu does.
            LayerKind.ReLU => "global::System.MathF.Max(x, 0f)",
            LayerKind.LeakyReLU => $"x >= 0f ? x : x * {Code.Float(layer.Slope)}",
            LayerKind.Sigmoid => "1f / (1f + global::System.MathF.Exp(-x))",
            _ => "global::System.MathF.Tanh(x)",
        };
        using (writer.Block($"for (int i = 0; i < {layer.Output.Length}; i++)"))
        {
            writer.Line("float x = input[i];");
            writer.Line($"output[i] = {expression};");
        }
    }
}
