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

    // Derivatives as PyTorch's backward kernels compute them: ReLU, Sigmoid and Tanh from the output,
    // LeakyReLU from the input (so a slope of 0 or below still routes correctly; at x = 0 it uses the slope).
    public override void EmitBackward(SourceWriter writer, LayerPlan layer, InstructionSet path)
    {
        string expression = layer.Kind switch
        {
            LayerKind.ReLU => "output[i] > 0f ? dy : 0f",
            LayerKind.LeakyReLU => $"input[i] > 0f ? dy : dy * {Code.Float(layer.Slope)}",
            LayerKind.Sigmoid => "dy * (1f - output[i]) * output[i]",
            _ => "dy * (1f - output[i] * output[i])",
        };
        using (writer.Block($"for (int i = 0; i < {layer.Output.Length}; i++)"))
        {
            writer.Line("float dy = outputGradient[i];");
            writer.Line($"inputGradient[i] = {expression};");
        }
    }
}
