using System.Collections.Generic;
using ModelGen.Generator.Parsing;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>
/// Elementwise activations; they may run in place (input and output the same memory), so a vector path covers the
/// tail with smaller vectors and single floats instead of a last vector that overlaps elements already done.
/// </summary>
internal sealed class ActivationEmitter : LayerEmitter
{
    public static readonly ActivationEmitter Instance = new();

    public override IReadOnlyList<InstructionSet> ForwardPaths(LayerPlan layer) => PlannedPaths(layer);

    public override IReadOnlyList<InstructionSet> BackwardPaths(LayerPlan layer) => PlannedBackwardPaths(layer);

    public override void EmitForward(SourceWriter writer, LayerPlan layer, InstructionSet path)
    {
        if (path != InstructionSet.Scalar)
        {
            writer.Line("ref float x0 = ref MemoryMarshal.GetReference(input);");
            writer.Line("ref float y0 = ref MemoryMarshal.GetReference(output);");
            EmitElementwise(writer, layer, path, (v, i) => v == 1
                ? [$"Unsafe.Add(ref y0, {i}) = {ScalarForward(layer, $"Unsafe.Add(ref x0, {i})")};"]
                : [$"Vec{v} x{v} = Simd{v}.LoadUnsafe(ref x0, (nuint)({i}));", .. VectorForward(layer, v, i)]);
            return;
        }

        using (writer.Block($"for (int i = 0; i < {layer.Output.Length}; i++)"))
        {
            writer.Line($"output[i] = {ScalarForward(layer, "input[i]")};");
        }
    }

    // Derivatives as PyTorch's backward kernels compute them: ReLU, Sigmoid and Tanh from the output,
    // LeakyReLU from the input (so a slope of 0 or below still routes correctly; at x = 0 it uses the slope).
    public override void EmitBackward(SourceWriter writer, LayerPlan layer, InstructionSet path)
    {
        if (path != InstructionSet.Scalar)
        {
            writer.Line($"ref float {(layer.Kind == LayerKind.LeakyReLU ? "x0 = ref MemoryMarshal.GetReference(input)" : "y0 = ref MemoryMarshal.GetReference(output)")};");
            writer.Line("ref float dy0 = ref MemoryMarshal.GetReference(outputGradient);");
            writer.Line("ref float dx0 = ref MemoryMarshal.GetReference(inputGradient);");
            EmitElementwise(writer, layer, path, (v, i) => v == 1
                ? [$"Unsafe.Add(ref dx0, {i}) = {ScalarBackward(layer, $"Unsafe.Add(ref dy0, {i})", $"Unsafe.Add(ref x0, {i})", $"Unsafe.Add(ref y0, {i})")};"]
                : [$"Simd{v}.StoreUnsafe({VectorBackward(layer, v, i)}, ref dx0, (nuint)({i}));"]);
            return;
        }

        using (writer.Block($"for (int i = 0; i < {layer.Output.Length}; i++)"))
        {
            writer.Line($"inputGradient[i] = {ScalarBackward(layer, "outputGradient[i]", "input[i]", "output[i]")};");
        }
    }

    /// <summary>A loop of full vectors, then the tail in smaller vectors (a block each) and single floats.</summary>
    private static void EmitElementwise(SourceWriter writer, LayerPlan layer, InstructionSet path, System.Func<int, string, string[]> statements)
    {
        int width = PlannedPath(layer, path).Width;
        var (loopEnd, tail) = VectorChunks.Split((int)layer.Output.Length, width);
        if (loopEnd > 0)
        {
            using (writer.Block($"for (int i = 0; i < {loopEnd}; i += {width})"))
            {
                Lines(statements(width, "i"));
            }
        }

        foreach (var (offset, piece) in tail)
        {
            string[] lines = statements(piece, Code.Int(offset));
            if (lines.Length == 1)
            {
                Lines(lines);
                continue;
            }

            using (writer.Block())
            {
                Lines(lines);
            }
        }

        void Lines(string[] lines)
        {
            foreach (string line in lines)
            {
                writer.Line(line);
            }
        }
    }

    private static string ScalarForward(LayerPlan layer, string x) => layer.Kind switch
    {
        // MathF.Max returns NaN for a NaN input, as torch.relu does.
        LayerKind.ReLU => $"global::System.MathF.Max({x}, 0f)",
        LayerKind.LeakyReLU => $"{x} >= 0f ? {x} : {x} * {Code.Float(layer.Slope)}",
        LayerKind.Sigmoid => $"1f / (1f + global::System.MathF.Exp(-{x}))",
        _ => $"global::System.MathF.Tanh({x})",
    };

    /// <summary>Statements that compute the activation of the vector x{v} and store it at <paramref name="i"/>.</summary>
    private static string[] VectorForward(LayerPlan layer, int v, string i)
    {
        string x = $"x{v}", store = $"ref y0, (nuint)({i})";
        return layer.Kind switch
        {
            // Vector Max, like MathF.Max, returns NaN for a NaN input.
            LayerKind.ReLU => [$"Simd{v}.StoreUnsafe(Simd{v}.Max({x}, Vec{v}.Zero), {store});"],
            LayerKind.LeakyReLU => [$"Simd{v}.StoreUnsafe(Simd{v}.ConditionalSelect(Simd{v}.GreaterThanOrEqual({x}, Vec{v}.Zero), {x}, {x} * {Code.Float(layer.Slope)}), {store});"],
            LayerKind.Sigmoid => [$"Simd{v}.StoreUnsafe(Vec{v}.One / (Vec{v}.One + Simd{v}.Exp(-{x})), {store});"],
            // tanh|x| = (1 - e^-2|x|) / (1 + e^-2|x|) neither overflows nor cancels for large |x|; NaN stays NaN.
            _ =>
            [
                $"Vec{v} e{v} = Simd{v}.Exp(Simd{v}.Abs({x}) * -2f);",
                $"Vec{v} t{v} = (Vec{v}.One - e{v}) / (Vec{v}.One + e{v});",
                $"Simd{v}.StoreUnsafe(Simd{v}.ConditionalSelect(Simd{v}.LessThan({x}, Vec{v}.Zero), -t{v}, t{v}), {store});",
            ],
        };
    }

    private static string ScalarBackward(LayerPlan layer, string dy, string x, string y) => layer.Kind switch
    {
        LayerKind.ReLU => $"{y} > 0f ? {dy} : 0f",
        LayerKind.LeakyReLU => $"{x} > 0f ? {dy} : {dy} * {Code.Float(layer.Slope)}",
        LayerKind.Sigmoid => $"{dy} * (1f - {y}) * {y}",
        _ => $"{dy} * (1f - {y} * {y})",
    };

    private static string VectorBackward(LayerPlan layer, int v, string i)
    {
        string dy = $"Simd{v}.LoadUnsafe(ref dy0, (nuint)({i}))";
        string x = $"Simd{v}.LoadUnsafe(ref x0, (nuint)({i}))";
        string y = $"Simd{v}.LoadUnsafe(ref y0, (nuint)({i}))";
        return layer.Kind switch
        {
            LayerKind.ReLU => $"Simd{v}.ConditionalSelect(Simd{v}.GreaterThan({y}, Vec{v}.Zero), {dy}, Vec{v}.Zero)",
            LayerKind.LeakyReLU => $"Simd{v}.ConditionalSelect(Simd{v}.GreaterThan({x}, Vec{v}.Zero), {dy}, {dy} * {Code.Float(layer.Slope)})",
            LayerKind.Sigmoid => $"{dy} * (Vec{v}.One - {y}) * {y}",
            _ => $"{dy} * (Vec{v}.One - {y} * {y})",
        };
    }
}
