using System.Collections.Generic;
using ModelGen.Generator.Parsing;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>MaxPool2D and AvgPool2D over windows that fit (floor mode, no padding), as PyTorch's defaults.</summary>
internal sealed class Pool2DEmitter : LayerEmitter
{
    public static readonly Pool2DEmitter Instance = new();

    public override IReadOnlyList<InstructionSet> ForwardPaths(LayerPlan layer) => PlannedPaths(layer);

    public override IReadOnlyList<InstructionSet> BackwardPaths(LayerPlan layer) => PlannedBackwardPaths(layer);

    public override void EmitHelpers(SourceWriter writer, LayerPlan layer)
    {
        if (!Pool2DVectorEmitter.SplitsWhole(layer))
        {
            EmitPackHelper(writer, layer);
        }
    }

    public override void EmitForward(SourceWriter writer, LayerPlan layer, InstructionSet path)
    {
        if (path != InstructionSet.Scalar && Pool2DPairEmitter.Applies(layer))
        {
            Pool2DPairEmitter.EmitForward(writer, layer, PlannedPath(layer, path).Width);
            return;
        }

        if (path != InstructionSet.Scalar)
        {
            Pool2DVectorEmitter.EmitForward(writer, layer, PlannedPath(layer, path));
            return;
        }

        Shape input = layer.Input;
        Shape output = layer.Output;
        bool max = layer.Kind == LayerKind.MaxPool2D;
        using (writer.Block($"for (int c = 0; c < {output.Channels}; c++)"))
        using (writer.Block($"for (int oy = 0; oy < {output.Height}; oy++)"))
        using (writer.Block($"for (int ox = 0; ox < {output.Width}; ox++)"))
        {
            writer.Line(max ? "float best = float.NegativeInfinity;" : "float sum = 0f;");
            using (writer.Block($"for (int ky = 0; ky < {layer.Kernel}; ky++)"))
            using (writer.Block($"for (int kx = 0; kx < {layer.Kernel}; kx++)"))
            {
                string index = Code.Chw("c", $"{Code.Affine("oy", layer.Stride, 0)} + ky", $"{Code.Affine("ox", layer.Stride, 0)} + kx", input.Height, input.Width);
                writer.Line($"float value = input[{index}];");
                // NaN wins, as in PyTorch, so a bad input is not silently hidden by the pool.
                writer.Line(max ? "if (value > best || float.IsNaN(value)) best = value;" : "sum += value;");
            }

            string result = !max ? $"sum / {Code.Float(layer.Kernel * layer.Kernel)}" : layer.AppliesReluBefore ? "global::System.MathF.Max(best, 0f)" : "best";
            writer.Line($"output[{Code.Chw("c", "oy", "ox", output.Height, output.Width)}] = {result};");
        }
    }

    // Max: the gradient goes to the first maximum of each window in row-major order, the element the forward pass
    // kept, as PyTorch does. Average: spread evenly. Overlapping windows add up.
    public override void EmitBackward(SourceWriter writer, LayerPlan layer, InstructionSet path)
    {
        if (path != InstructionSet.Scalar && Pool2DPairEmitter.Applies(layer))
        {
            Pool2DPairEmitter.EmitBackward(writer, layer, PlannedBackwardPath(layer, path).Width);
            return;
        }

        if (path != InstructionSet.Scalar)
        {
            Pool2DVectorEmitter.EmitBackward(writer, layer, PlannedBackwardPath(layer, path));
            return;
        }

        Shape input = layer.Input;
        Shape output = layer.Output;
        bool max = layer.Kind == LayerKind.MaxPool2D;
        writer.Line("inputGradient.Clear();");
        using (writer.Block($"for (int c = 0; c < {output.Channels}; c++)"))
        using (writer.Block($"for (int oy = 0; oy < {output.Height}; oy++)"))
        using (writer.Block($"for (int ox = 0; ox < {output.Width}; ox++)"))
        {
            string dy = $"outputGradient[{Code.Chw("c", "oy", "ox", output.Height, output.Width)}]";
            writer.Line(max ? $"float dy = {dy};" : $"float dy = {dy} / {Code.Float(layer.Kernel * layer.Kernel)};");
            if (max)
            {
                writer.Line("float best = float.NegativeInfinity;");
                writer.Line("int bestIndex = -1;");
            }

            using (writer.Block($"for (int ky = 0; ky < {layer.Kernel}; ky++)"))
            using (writer.Block($"for (int kx = 0; kx < {layer.Kernel}; kx++)"))
            {
                string index = Code.Chw("c", $"{Code.Affine("oy", layer.Stride, 0)} + ky", $"{Code.Affine("ox", layer.Stride, 0)} + kx", input.Height, input.Width);
                writer.Line($"int x = {index};");
                if (max)
                {
                    writer.Line("float value = input[x];");
                    writer.Line("if (value > best || float.IsNaN(value) || bestIndex < 0) { best = value; bestIndex = x; }");
                }
                else
                {
                    writer.Line("inputGradient[x] += dy;");
                }
            }

            if (max)
            {
                writer.Line(layer.MasksReluGradient
                    ? "inputGradient[bestIndex] += best > 0f ? dy : 0f; // the ReLU before: no gradient where it was off"
                    : "inputGradient[bestIndex] += dy;");
            }
        }
    }
}
