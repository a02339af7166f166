using System.Linq;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>
/// The SIMD forward convolution (see <see cref="KernelPlanner"/>): for a block of output channels and one or two
/// vectors of output pixels (<see cref="RowVectors"/>), every tap is one load of the packed input per vector, shared
/// by the block, and one fused multiply-add per channel and vector with the broadcast weight, which both vectors
/// share (<see cref="ConvChannelBlock"/>). A kernel row's taps are unrolled; channel, row and kernel-row loops keep
/// literal bounds.
/// </summary>
internal static class Conv2DVectorEmitter
{

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
        bool flat = layer.Kernels.FlatForward;
        if (layout.NeedsPacking && !flat)
        {
            writer.Line($"{Code.Span} packed = scratch.Slice(0, {layout.Length});");
            writer.Line($"{layer.MethodName}_Pack(input, packed);");
        }

        writer.Line($"ref float source = ref MemoryMarshal.GetReference({(layout.NeedsPacking && !flat ? "packed" : "input")});");
        writer.Line("ref float parameters = ref MemoryMarshal.GetArrayDataReference(_parameters);");
        if (flat)
        {
            ShiftedColumnsEmitter.Declare(writer, 0, ShiftedColumns.Length(layer.Input, output, layer.Kernel));
            ShiftedColumnsEmitter.Emit(writer, layer, path.Width);
        }

        if (layer.Kernels.NarrowRowForward(layer.Input, output, layer.Kernel))
        {
            Conv2DLaneForwardEmitter.Emit(writer, layer, layout, path);
            return;
        }

        writer.Line("ref float destination = ref MemoryMarshal.GetReference(output);");
        int length = flat ? output.Height * output.Width : output.Width;
        int block = ConvChannelBlock.For(output.Channels, length, path.Width);
        BlockLoop.Emit(writer, "oc", output.Channels, block, "output channel(s)", channels =>
        {
            if (flat)
            {
                RowVectors.Emit(writer, 0, length, path.Width, "ox", positions => EmitPixels(writer, layer, FlatTaps(layer), vector, helper, "oc", channels, positions));
                return;
            }

            using (writer.Block($"for (int oy = 0; oy < {output.Height}; oy++)"))
            {
                RowVectors.Emit(writer, 0, output.Width, path.Width, "ox", positions => EmitPixels(writer, layer, RowTaps(layer, layout), vector, helper, "oc", channels, positions));
            }
        });
    }

    /// <summary>
    /// Where a kernel's taps read: from <see cref="Row"/> (an input channel's start for output row oy, or of the
    /// whole output), <see cref="KernelRow"/> floats further per kernel row and <see cref="Column"/>(kx) per column,
    /// in <see cref="Source"/>; the output pixel ox of that row is <see cref="Destination"/>(oc + b, ox).
    /// </summary>
    private sealed record Taps(string Source, string Row, int KernelRow, System.Func<int, int> Column, System.Func<string, string, string> Destination);

    /// <summary>Vectors along each output row of the packed input.</summary>
    private static Taps RowTaps(LayerPlan layer, ConvLayout layout)
    {
        int rowLength = layout.Phases * layout.PhaseWidth, s = layer.Stride;
        Shape output = layer.Output;
        return new Taps("source", $"(ic * {layout.Rows} + {Code.Affine("oy", s, 0)}) * {rowLength}", rowLength, kx => layout.TapOffset(0, kx, s), (channel, x) => $"({channel} * {output.Height} + oy) * {output.Width} + {x}");
    }

    /// <summary>Vectors along the whole output as one flat row of the <see cref="ShiftedColumns"/>.</summary>
    private static Taps FlatTaps(LayerPlan layer)
    {
        Shape output = layer.Output;
        int k = layer.Kernel, copy = ShiftedColumns.CopyLength(output, k);
        return new Taps("shifted", $"ic * {k * copy}", output.Width, kx => kx * copy, (channel, x) => $"{channel} * {output.Height * output.Width} + {x}");
    }

    /// <summary>One or two vectors of output pixels (at <paramref name="positions"/>) for a block of channels.</summary>
    private static void EmitPixels(SourceWriter writer, LayerPlan layer, Taps at, string vector, string helper, string oc, int block, string[] positions)
    {
        Shape input = layer.Input;
        int k = layer.Kernel, taps = k * k;
        using (writer.Block())
        {
            for (int b = 0; b < block; b++)
            {
                for (int p = 0; p < positions.Length; p++)
                {
                    writer.Line($"{vector} {RowVectors.Accumulator(b, p)} = {helper}.Create(Unsafe.Add(ref parameters, {layer.BiasOffset} + {oc} + {b}));");
                }
            }

            using (writer.Block($"for (int ic = 0; ic < {input.Channels}; ic++)"))
            {
                writer.Line($"nuint row = (nuint)({at.Row});");
                writer.Line($"nuint weight = (nuint)({layer.WeightOffset} + ({oc} * {input.Channels} + ic) * {taps});");

                // The kernel's rows are a loop, its columns unrolled: the loop costs a few instructions per row of
                // taps, and unrolling it would triple the source of a 3x3 kernel.
                using (writer.Block($"for (int ky = 0; ky < {k}; ky++)"))
                {
                    writer.Line($"nuint tapRow = row + (nuint)(ky * {at.KernelRow});");
                    writer.Line($"nuint kernelRow = weight + (nuint)(ky * {k});");
                    for (int kx = 0; kx < k; kx++)
                    {
                        string[] loads = [.. positions.Select(x => $"{helper}.LoadUnsafe(ref {at.Source}, tapRow + {at.Column(kx)} + (nuint)({x}))")];
                        RowVectors.EmitTap(writer, vector, helper, kx, loads, block, b => $"kernelRow + {(b * input.Channels * taps) + kx}");
                    }
                }
            }

            for (int b = 0; b < block; b++)
            {
                for (int p = 0; p < positions.Length; p++)
                {
                    writer.Line($"{helper}.StoreUnsafe({RowVectors.Accumulator(b, p)}, ref destination, (nuint)({at.Destination($"({oc} + {b})", positions[p])}));");
                }
            }
        }
    }

    private static ConvLayout Layout(LayerPlan layer) => ConvLayout.For(layer.Input, layer.Kernel, layer.Stride, layer.Padding);
}
