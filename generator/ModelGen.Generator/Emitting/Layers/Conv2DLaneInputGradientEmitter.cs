using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>
/// The SIMD input gradient with input channels in vector lanes (<see cref="NarrowRowLanes.AppliesToInputGradient"/>):
/// with the weights packed as [tap, output channel, input channel] (<see cref="PackedWeights"/>), tap by tap, for
/// each row of output pixels a sum over output channels of each pixel's broadcast output gradient times a vector of
/// the tap's weights, added to the padded input gradient laid out as [row, column, input channel]; finally cropped
/// and transposed back to CHW.
/// </summary>
internal static class Conv2DLaneInputGradientEmitter
{
    /// <summary>Expects the ref dy0 (the output gradient) in scope.</summary>
    public static void Emit(SourceWriter writer, LayerPlan layer, ConvLayout layout, ConvBackwardLayout scratch, VectorPath path)
    {
        Shape input = layer.Input, output = layer.Output;
        int k = layer.Kernel, s = layer.Stride, p = layer.Padding, inputs = input.Channels;
        var block = NarrowRowLanes.ForInputGradient(input, output, path.Set);
        int w = block.Width;
        writer.Line($"// Input gradient, input channels in vector lanes: per tap, {block.Pixels} pixel(s) of a row x {block.Vectors} vector(s) of {w} input channels, summed over output channels.");
        writer.Line($"{Code.Span} full = scratch.Slice({scratch.FullOffset(layout)}, {scratch.FullRows * scratch.FullWidth * inputs});");
        writer.Line("full.Clear();");
        writer.Line($"ref float wT = ref {PackedWeightsEmitter.Reference(layer.LaneInputGradientWeights)}; // packed as [tap, output channel, input channel]");
        writer.Line("ref float full0 = ref MemoryMarshal.GetReference(full);");
        using (writer.Block($"for (int ic = 0; ic < {inputs}; ic += {block.Vectors * w})"))
        using (writer.Block($"for (int ky = 0; ky < {k}; ky++)"))
        using (writer.Block($"for (int kx = 0; kx < {k}; kx++)"))
        using (writer.Block($"for (int oy = 0; oy < {output.Height}; oy++)"))
        {
            writer.Line($"nuint tap = (nuint)((ky * {k} + kx) * {output.Channels * inputs} + ic);");
            writer.Line($"nuint target = (nuint)((({Code.Affine("oy", s, 0)} + ky) * {scratch.FullWidth} + kx) * {inputs} + ic);");
            for (int first = 0; first < output.Width; first += block.Pixels)
            {
                EmitChunk(writer, layer, scratch, block, first, System.Math.Min(block.Pixels, output.Width - first));
            }
        }

        (int rows, int columns) = Conv2DVectorBackwardEmitter.KeptRowsAndColumns(layer, scratch);
        writer.Line("// Crop the padding and transpose each row back; rows and columns the last window did not reach get no gradient.");
        if (rows < input.Height || columns < input.Width)
        {
            writer.Line("inputGradient.Clear();");
        }

        using (writer.Block($"for (int y = 0; y < {rows}; y++)"))
        {
            writer.Line($"global::ModelGen.Internal.Transpose.Copy(full.Slice((({Code.Affine("y", 1, p)}) * {scratch.FullWidth} + {p}) * {inputs}), {inputs}, inputGradient.Slice(y * {input.Width}), {input.Height * input.Width}, {columns}, {inputs});");
        }
    }

    /// <summary>Output pixels <paramref name="first"/>.. of row oy under tap (ky, kx), input channels ic..: a sum over output channels, added to the padded gradient.</summary>
    private static void EmitChunk(SourceWriter writer, LayerPlan layer, ConvBackwardLayout scratch, NarrowRowLanes block, int first, int count)
    {
        Shape input = layer.Input, output = layer.Output;
        int k = layer.Kernel, s = layer.Stride, w = block.Width, inputs = input.Channels;
        string Accumulator(int j, int q) => $"a{j}_{q}";
        using (writer.Block())
        {
            for (int j = 0; j < count; j++)
            {
                for (int q = 0; q < block.Vectors; q++)
                {
                    writer.Line($"Vec{w} {Accumulator(j, q)} = Vec{w}.Zero;");
                }
            }

            using (writer.Block($"for (int oc = 0; oc < {output.Channels}; oc++)"))
            {
                writer.Line($"ref float dy = ref Unsafe.Add(ref dy0, (oc * {output.Height} + oy) * {output.Width} + {first});");
                for (int q = 0; q < block.Vectors; q++)
                {
                    writer.Line($"Vec{w} w{q} = Simd{w}.LoadUnsafe(ref wT, tap + (nuint)(oc * {inputs}){(q == 0 ? "" : $" + {q * w}")});");
                }

                for (int j = 0; j < count; j++)
                {
                    string value = $"Simd{w}.Create(Unsafe.Add(ref dy, {j}))";
                    if (block.Vectors > 1)
                    {
                        writer.Line($"Vec{w} d{j} = {value};");
                        value = $"d{j}";
                    }

                    for (int q = 0; q < block.Vectors; q++)
                    {
                        writer.Line($"{Accumulator(j, q)} = Simd{w}.FusedMultiplyAdd(w{q}, {value}, {Accumulator(j, q)});");
                    }
                }
            }

            for (int j = 0; j < count; j++)
            {
                for (int q = 0; q < block.Vectors; q++)
                {
                    string at = $"target + {((((first + j) * s) * inputs) + (q * w))}";
                    writer.Line($"Simd{w}.StoreUnsafe(Simd{w}.LoadUnsafe(ref full0, {at}) + {Accumulator(j, q)}, ref full0, {at});");
                }
            }
        }
    }
}
