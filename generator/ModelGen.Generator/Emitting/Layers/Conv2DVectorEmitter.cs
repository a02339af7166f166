using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>
/// The SIMD forward convolution (see <see cref="KernelPlanner"/>): for a block of output channels and one vector of
/// output pixels, every tap is one load of the packed input, shared by the block, and one fused multiply-add per
/// channel with the broadcast weight. Taps are unrolled; channel and row loops keep literal bounds.
/// </summary>
internal static class Conv2DVectorEmitter
{
    private const int ChannelBlock = 8;

    public static void EmitPack(SourceWriter writer, LayerPlan layer)
    {
        ConvLayout layout = Layout(layer);
        Shape input = layer.Input;
        int p = layer.Padding, s = layer.Stride;
        writer.Line("// Zero-padded copy of the input, each row split into stride phases, so every tap reads contiguous memory.");
        writer.Line("packed.Clear();");
        using (writer.Block($"for (int c = 0; c < {input.Channels}; c++)"))
        using (writer.Block($"for (int y = 0; y < {input.Height}; y++)"))
        {
            string row = $"((c * {layout.Rows} + {Code.Affine("y", 1, p)}) * {layout.Phases})";
            string source = $"input.Slice((c * {input.Height} + y) * {input.Width}, {input.Width})";
            if (s == 1)
            {
                writer.Line($"{source}.CopyTo(packed.Slice({row} * {layout.PhaseWidth} + {p}));");
            }
            else if (s == 2)
            {
                // Input column x is padded column x + p: the even columns land in phase p % 2, the odd ones in the other.
                int evens = (input.Width + 1) / 2, odds = input.Width / 2;
                string even = $"packed.Slice(({row} + {p % 2}) * {layout.PhaseWidth} + {p / 2}, {evens})";
                string odd = $"packed.Slice(({row} + {(p + 1) % 2}) * {layout.PhaseWidth} + {(p + 1) / 2}, {odds})";
                writer.Line($"global::ModelGen.Internal.EvenOdd.Split({source}, {even}, {odd});");
            }
            else
            {
                using (writer.Block($"for (int x = 0; x < {input.Width}; x++)"))
                {
                    writer.Line($"int px = {Code.Affine("x", 1, p)};");
                    writer.Line($"packed[({row} + px % {s}) * {layout.PhaseWidth} + px / {s}] = input[(c * {input.Height} + y) * {input.Width} + x];");
                }
            }
        }
    }

    public static void EmitForward(SourceWriter writer, LayerPlan layer, VectorPath path)
    {
        ConvLayout layout = Layout(layer);
        Shape output = layer.Output;
        (string vector, string helper) = InstructionSetChecks.VectorNames(path.Width);
        if (layout.NeedsPacking)
        {
            writer.Line($"{Code.Span} packed = scratch.Slice(0, {layout.Length});");
            writer.Line($"{layer.MethodName}_Pack(input, packed);");
        }

        writer.Line($"ref float source = ref MemoryMarshal.GetReference({(layout.NeedsPacking ? "packed" : "input")});");
        writer.Line("ref float parameters = ref MemoryMarshal.GetArrayDataReference(_parameters);");
        writer.Line("ref float destination = ref MemoryMarshal.GetReference(output);");
        int block = System.Math.Min(ChannelBlock, output.Channels);
        int full = output.Channels / block * block;
        using (writer.Block($"for (int oc = 0; oc < {full}; oc += {block})"))
        {
            EmitRows(writer, layer, layout, path.Width, vector, helper, "oc", block);
        }

        if (full < output.Channels)
        {
            writer.Line($"// The last {output.Channels - full} output channels.");
            using (writer.Block())
            {
                writer.Line($"const int oc = {full};");
                EmitRows(writer, layer, layout, path.Width, vector, helper, "oc", output.Channels - full);
            }
        }
    }

    private static void EmitRows(SourceWriter writer, LayerPlan layer, ConvLayout layout, int width, string vector, string helper, string oc, int block)
    {
        Shape output = layer.Output;
        using (writer.Block($"for (int oy = 0; oy < {output.Height}; oy++)"))
        {
            int fullBlocks = output.Width / width;
            if (fullBlocks <= 2)
            {
                for (int b = 0; b < fullBlocks; b++)
                {
                    EmitPixels(writer, layer, layout, vector, helper, oc, block, Code.Int(b * width));
                }
            }
            else
            {
                using (writer.Block($"for (int ox = 0; ox <= {output.Width - width}; ox += {width})"))
                {
                    EmitPixels(writer, layer, layout, vector, helper, oc, block, "ox");
                }
            }

            if (output.Width % width != 0)
            {
                writer.Line("// The row's tail: one vector ending at the last pixel, overlapping the one before.");
                EmitPixels(writer, layer, layout, vector, helper, oc, block, Code.Int(output.Width - width));
            }
        }
    }

    private static void EmitPixels(SourceWriter writer, LayerPlan layer, ConvLayout layout, string vector, string helper, string oc, int block, string ox)
    {
        Shape input = layer.Input, output = layer.Output;
        int k = layer.Kernel, s = layer.Stride, taps = k * k;
        using (writer.Block())
        {
            for (int b = 0; b < block; b++)
            {
                writer.Line($"{vector} a{b} = {helper}.Create(Unsafe.Add(ref parameters, {layer.BiasOffset} + {oc} + {b}));");
            }

            using (writer.Block($"for (int ic = 0; ic < {input.Channels}; ic++)"))
            {
                writer.Line($"nuint row = (nuint)((ic * {layout.Rows} + {Code.Affine("oy", s, 0)}) * {layout.Phases * layout.PhaseWidth} + {ox});");
                writer.Line($"nuint weight = (nuint)({layer.WeightOffset} + ({oc} * {input.Channels} + ic) * {taps});");
                writer.Line($"{vector} x;");
                for (int ky = 0; ky < k; ky++)
                {
                    for (int kx = 0; kx < k; kx++)
                    {
                        writer.Line($"x = {helper}.LoadUnsafe(ref source, row + {layout.TapOffset(ky, kx, s)});");
                        for (int b = 0; b < block; b++)
                        {
                            writer.Line($"a{b} = {helper}.FusedMultiplyAdd(x, {helper}.Create(Unsafe.Add(ref parameters, weight + {(b * input.Channels * taps) + (ky * k) + kx})), a{b});");
                        }
                    }
                }
            }

            for (int b = 0; b < block; b++)
            {
                writer.Line($"{helper}.StoreUnsafe(a{b}, ref destination, (nuint)((({oc} + {b}) * {output.Height} + oy) * {output.Width} + {ox}));");
            }
        }
    }

    private static ConvLayout Layout(LayerPlan layer) => ConvLayout.For(layer.Input, layer.Kernel, layer.Stride, layer.Padding);
}
