using System.Collections.Generic;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>Conv2D: output[oc, oy, ox] = bias[oc] + sum over ic, ky, kx of input[ic, oy*s - p + ky, ox*s - p + kx] * weight[oc, ic, ky, kx].</summary>
internal sealed class Conv2DEmitter : LayerEmitter
{
    public static readonly Conv2DEmitter Instance = new();

    public override IReadOnlyList<InstructionSet> ForwardPaths(LayerPlan layer) => PlannedPaths(layer);

    public override IReadOnlyList<InstructionSet> BackwardPaths(LayerPlan layer) => PlannedBackwardPaths(layer);

    public override void EmitHelpers(SourceWriter writer, LayerPlan layer) => EmitPackHelper(writer, layer);

    public override void EmitForward(SourceWriter writer, LayerPlan layer, InstructionSet path)
    {
        if (path != InstructionSet.Scalar && layer.PoolsInInference)
        {
            writer.Line($"{WinogradMethod(layer, path)}(input, output, scratch, pool: false);");
            return;
        }

        if (path != InstructionSet.Scalar && layer.Kernels.WinogradForward)
        {
            EmitWinogradForward(writer, layer, path, pool: null);
            return;
        }

        if (path != InstructionSet.Scalar)
        {
            Conv2DVectorEmitter.EmitForward(writer, layer, PlannedPath(layer, path));
            return;
        }

        Shape input = layer.Input;
        Shape output = layer.Output;
        int k = layer.Kernel;
        EmitParameterViews(writer, layer);
        using (writer.Block($"for (int oc = 0; oc < {output.Channels}; oc++)"))
        using (writer.Block($"for (int oy = 0; oy < {output.Height}; oy++)"))
        using (writer.Block($"for (int ox = 0; ox < {output.Width}; ox++)"))
        {
            writer.Line("float sum = bias[oc];");
            using (writer.Block($"for (int ic = 0; ic < {input.Channels}; ic++)"))
            using (writer.Block($"for (int ky = 0; ky < {k}; ky++)"))
            {
                writer.Line($"int iy = {Code.Affine("oy", layer.Stride, -layer.Padding)} + ky;");
                if (layer.Padding > 0)
                {
                    writer.Line($"if ((uint)iy >= {input.Height}u) continue;");
                }

                using (writer.Block($"for (int kx = 0; kx < {k}; kx++)"))
                {
                    writer.Line($"int ix = {Code.Affine("ox", layer.Stride, -layer.Padding)} + kx;");
                    if (layer.Padding > 0)
                    {
                        writer.Line($"if ((uint)ix >= {input.Width}u) continue;");
                    }

                    string inputIndex = Code.Chw("ic", "iy", "ix", input.Height, input.Width);
                    string weightIndex = $"((oc * {input.Channels} + ic) * {k} + ky) * {k} + kx";
                    writer.Line($"sum += input[{inputIndex}] * weight[{weightIndex}];");
                }
            }

            writer.Line($"output[{Code.Chw("oc", "oy", "ox", output.Height, output.Width)}] = sum;");
        }
    
    }

    /// <summary>
    /// A path of inference's forward pass with the ReLU and MaxPool2D after it (<see cref="LayerPlan.PoolsInInference"/>):
    /// reads <c>input</c>, writes <c>pooled</c>. A vector path calls the Winograd method it shares with the forward
    /// pass (<see cref="WinogradMethod"/>); the scalar path runs the two layers' own kernels through <c>output</c>.
    /// </summary>
    public static void EmitPooledForward(SourceWriter writer, LayerPlan layer, InstructionSet path, string pool)
    {
        if (path != InstructionSet.Scalar)
        {
            writer.Line($"{WinogradMethod(layer, path)}(input, pooled, scratch, pool: true);");
            return;
        }

        writer.Line($"{layer.MethodName}_{InstructionSet.Scalar}(input, output, scratch);");
        writer.Line($"{pool}(output, pooled);");
    }

    /// <summary>The Winograd forward pass of one vector path that the forward and pooled forward methods both call, with a bool pool.</summary>
    public static string WinogradMethod(LayerPlan layer, InstructionSet path) => $"{layer.MethodName}_Winograd_{path}";

    /// <summary>A vector path's Winograd forward pass; with <paramref name="pool"/>, the name of the bool that asks for the pooled output too.</summary>
    public static void EmitWinogradForward(SourceWriter writer, LayerPlan layer, InstructionSet path, string? pool)
    {
        writer.Line("ref float parameters = ref MemoryMarshal.GetArrayDataReference(_parameters);");
        Conv2DWinogradEmitter.EmitForward(writer, layer, PlannedPath(layer, path), pool);
    }

    // Scatter form: every (output, tap) pair adds to one weight gradient and, below the first layer, one input gradient.
    public override void EmitBackward(SourceWriter writer, LayerPlan layer, InstructionSet path)
    {
        if (path != InstructionSet.Scalar)
        {
            Conv2DVectorBackwardEmitter.Emit(writer, layer, PlannedBackwardPath(layer, path));
            return;
        }

        Shape input = layer.Input;
        Shape output = layer.Output;
        int k = layer.Kernel;
        bool inputGradient = layer.NeedsInputGradient;
        EmitGradientViews(writer, layer);
        if (inputGradient)
        {
            writer.Line($"{Code.ReadOnlySpan} weight = new(_parameters, {layer.WeightOffset}, {layer.WeightLength});");
            writer.Line("inputGradient.Clear();");
        }

        using (writer.Block($"for (int oc = 0; oc < {output.Channels}; oc++)"))
        using (writer.Block($"for (int oy = 0; oy < {output.Height}; oy++)"))
        using (writer.Block($"for (int ox = 0; ox < {output.Width}; ox++)"))
        {
            writer.Line($"float dy = outputGradient[{Code.Chw("oc", "oy", "ox", output.Height, output.Width)}];");
            writer.Line("biasGradient[oc] += dy;");
            using (writer.Block($"for (int ic = 0; ic < {input.Channels}; ic++)"))
            using (writer.Block($"for (int ky = 0; ky < {k}; ky++)"))
            {
                writer.Line($"int iy = {Code.Affine("oy", layer.Stride, -layer.Padding)} + ky;");
                if (layer.Padding > 0)
                {
                    writer.Line($"if ((uint)iy >= {input.Height}u) continue;");
                }

                using (writer.Block($"for (int kx = 0; kx < {k}; kx++)"))
                {
                    writer.Line($"int ix = {Code.Affine("ox", layer.Stride, -layer.Padding)} + kx;");
                    if (layer.Padding > 0)
                    {
                        writer.Line($"if ((uint)ix >= {input.Width}u) continue;");
                    }

                    writer.Line($"int x = {Code.Chw("ic", "iy", "ix", input.Height, input.Width)};");
                    writer.Line($"int w = ((oc * {input.Channels} + ic) * {k} + ky) * {k} + kx;");
                    writer.Line("weightGradient[w] += dy * input[x];");
                    if (inputGradient)
                    {
                        writer.Line("inputGradient[x] += dy * weight[w];");
                    }
                }
            }
        }
    }
}
