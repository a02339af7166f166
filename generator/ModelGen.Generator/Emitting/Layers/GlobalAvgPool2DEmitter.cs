using System.Collections.Generic;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>
/// GlobalAvgPool2D: the mean of each channel, as adaptive_avg_pool2d(x, 1) then flatten. The vector paths sum each
/// plane in vector lanes; the backward pass is a fill, which the base library vectorises already.
/// </summary>
internal sealed class GlobalAvgPool2DEmitter : LayerEmitter
{
    public static readonly GlobalAvgPool2DEmitter Instance = new();

    public override IReadOnlyList<InstructionSet> ForwardPaths(LayerPlan layer) => PlannedPaths(layer);

    public override void EmitForward(SourceWriter writer, LayerPlan layer, InstructionSet path)
    {
        int area = layer.Input.Height * layer.Input.Width;
        if (path != InstructionSet.Scalar)
        {
            EmitVectorForward(writer, layer, PlannedPath(layer, path).Width);
            return;
        }

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

    private static void EmitVectorForward(SourceWriter writer, LayerPlan layer, int width)
    {
        int area = layer.Input.Height * layer.Input.Width;
        var (loopEnd, tail) = VectorChunks.Split(area, width);
        writer.Line("ref float x0 = ref MemoryMarshal.GetReference(input);");
        using (writer.Block($"for (int c = 0; c < {layer.Input.Channels}; c++)"))
        {
            writer.Line($"nuint plane = (nuint)(c * {area});");
            var sums = new List<string>();
            if (loopEnd > 0)
            {
                writer.Line($"Vec{width} sum{width} = Vec{width}.Zero;");
                using (writer.Block($"for (int i = 0; i < {loopEnd}; i += {width})"))
                {
                    writer.Line($"sum{width} += Simd{width}.LoadUnsafe(ref x0, plane + (nuint)i);");
                }

                sums.Add($"Simd{width}.Sum(sum{width})");
            }

            foreach (var (offset, piece) in tail)
            {
                sums.Add(piece == 1 ? $"Unsafe.Add(ref x0, plane + {offset})" : $"Simd{piece}.Sum(Simd{piece}.LoadUnsafe(ref x0, plane + {offset}))");
            }

            writer.Line($"output[c] = ({string.Join(" + ", sums)}) / {Code.Float(area)};");
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
