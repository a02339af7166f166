using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>
/// The SIMD forward convolution with output channels in vector lanes (<see cref="NarrowRowLanes"/>): with the weights
/// packed as [input channel, tap, output channel] (<see cref="PackedWeights"/>), per chunk of a row's pixels and block of output-channel
/// vectors, every input channel and tap broadcasts each pixel's input value against the block's weight vectors; the
/// [pixel, output channel] result is transposed back to CHW.
/// </summary>
internal static class Conv2DLaneForwardEmitter
{
    /// <summary>Expects refs source (the packed input) and parameters in scope, and the scratch after the packed input.</summary>
    public static void Emit(SourceWriter writer, LayerPlan layer, ConvLayout layout, VectorPath path)
    {
        Shape input = layer.Input, output = layer.Output;
        int k = layer.Kernel, channels = output.Channels, pixels = output.Height * output.Width;
        var block = NarrowRowLanes.For(input, output, k, path.Set);
        int w = block.Width, offset = layout.NeedsPacking ? layout.Length : 0;
        writer.Line($"// Output channels in vector lanes: {block.Pixels} pixel(s) of a row x {block.Vectors} vector(s) of {w} output channels per step,");
        writer.Line("// the weights read as [input channel, tap, output channel] from the packed copy.");
        writer.Line($"{Code.Span} outputT = scratch.Slice({offset}, {pixels * channels});");
        writer.Line($"ref float wT = ref {PackedWeightsEmitter.Reference(layer.LaneForwardWeights)};");
        writer.Line("ref float yT = ref MemoryMarshal.GetReference(outputT);");
        using (writer.Block($"for (int oc = 0; oc < {channels}; oc += {block.Vectors * w})"))
        using (writer.Block($"for (int oy = 0; oy < {output.Height}; oy++)"))
        {
            for (int first = 0; first < output.Width; first += block.Pixels)
            {
                EmitChunk(writer, layer, layout, block, first, System.Math.Min(block.Pixels, output.Width - first));
            }
        }

        writer.Line($"global::ModelGen.Internal.Transpose.Copy(outputT, output, {pixels}, {channels});");
    }

    /// <summary>Pixels <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1 of row oy, output channels oc...</summary>
    private static void EmitChunk(SourceWriter writer, LayerPlan layer, ConvLayout layout, NarrowRowLanes block, int first, int count)
    {
        Shape input = layer.Input, output = layer.Output;
        int k = layer.Kernel, s = layer.Stride, w = block.Width, channels = output.Channels;
        string Accumulator(int j, int q) => $"a{j}_{q}";
        string Vector(int q) => q == 0 ? "oc" : $"oc + {q * w}";
        using (writer.Block())
        {
            for (int q = 0; q < block.Vectors; q++)
            {
                writer.Line($"Vec{w} bias{q} = Simd{w}.LoadUnsafe(ref parameters, (nuint)({layer.BiasOffset} + {Vector(q)}));");
            }

            for (int j = 0; j < count; j++)
            {
                for (int q = 0; q < block.Vectors; q++)
                {
                    writer.Line($"Vec{w} {Accumulator(j, q)} = bias{q};");
                }
            }

            using (writer.Block($"for (int ic = 0; ic < {input.Channels}; ic++)"))
            using (writer.Block($"for (int ky = 0; ky < {k}; ky++)"))
            {
                writer.Line($"ref float x = ref Unsafe.Add(ref source, (ic * {layout.Rows} + {Code.Affine("oy", s, 0)} + ky) * {layout.Phases * layout.PhaseWidth});");
                writer.Line($"nuint kernelRow = (nuint)((ic * {k} + ky) * {k * channels} + oc);");
                for (int kx = 0; kx < k; kx++)
                {
                    for (int q = 0; q < block.Vectors; q++)
                    {
                        writer.Line($"Vec{w} w{kx}_{q} = Simd{w}.LoadUnsafe(ref wT, kernelRow + {(kx * channels) + (q * w)});");
                    }

                    for (int j = 0; j < count; j++)
                    {
                        string value = $"Simd{w}.Create(Unsafe.Add(ref x, {layout.TapOffset(0, kx, s) + first + j}))";
                        if (block.Vectors > 1)
                        {
                            writer.Line($"Vec{w} x{kx}_{j} = {value};");
                            value = $"x{kx}_{j}";
                        }

                        for (int q = 0; q < block.Vectors; q++)
                        {
                            writer.Line($"{Accumulator(j, q)} = Simd{w}.FusedMultiplyAdd(w{kx}_{q}, {value}, {Accumulator(j, q)});");
                        }
                    }
                }
            }

            for (int j = 0; j < count; j++)
            {
                for (int q = 0; q < block.Vectors; q++)
                {
                    writer.Line($"Simd{w}.StoreUnsafe({Accumulator(j, q)}, ref yT, (nuint)((oy * {output.Width} + {first + j}) * {channels} + {Vector(q)}));");
                }
            }
        }
    }
}
