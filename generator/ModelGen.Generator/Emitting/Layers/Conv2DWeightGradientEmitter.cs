using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>
/// The SIMD weight and bias gradients of a convolution, summed over the output pixels into the gradients. Where
/// <see cref="ChannelLaneBlock"/> applies, vectors hold output channels: the output gradient is
/// transposed to [pixel, output channel] and each pixel's vectors are multiplied by broadcast input values. Otherwise
/// vectors run along the output rows: every (output channel, input channel, tap) is a dot product of the output
/// gradient with the packed input, kept in one vector accumulator and summed once at the end; a block of them
/// (<see cref="WeightGradientBlock"/>) shares each loaded vector, and the row tail overlaps and is masked so no pixel
/// counts twice.
/// </summary>
internal static class Conv2DWeightGradientEmitter
{
    private const int BiasChains = 4;

    /// <summary>The span that holds the output gradient as [pixel, output channel] where output channels are in lanes.</summary>
    public const string PixelMajorOutputGradient = "transposed";

    /// <summary>Expects refs source (the packed input, or the input where <see cref="ReadsPackedInput"/> is false), dy0 (the output gradient) and g0 (the gradients) in scope.</summary>
    public static void Emit(SourceWriter writer, LayerPlan layer, ConvLayout layout, ConvBackwardLayout scratch, VectorPath path)
    {
        if (ChannelLaneBlock.Applies(layer.Input, layer.Output, layer.Kernel))
        {
            EmitInLanes(writer, layer, layout, scratch, ChannelLaneBlock.For(layer.Input, layer.Output, layer.Kernel, path.Set), path.Set);
        }
        else
        {
            EmitAlongRows(writer, layer, layout, scratch, path);
        }
    }

    private static void EmitInLanes(SourceWriter writer, LayerPlan layer, ConvLayout layout, ConvBackwardLayout scratch, ChannelLaneBlock block, InstructionSet set)
    {
        Shape input = layer.Input, output = layer.Output;
        int k = layer.Kernel, w = block.Width, channels = output.Channels, pixels = output.Height * output.Width;
        int weights = input.Channels * k * k;
        writer.Line($"// Weight and bias gradients, output channels in vector lanes: the output gradient transposed to [pixel, output channel]{(layer.Kernels.WinogradWeightGradient ? "." : ";")}");
        if (!layer.Kernels.WinogradWeightGradient)
        {
            writer.Line($"// then per pixel {block.OutputVectors} vector(s) of {w} output channels times the input under {block.InputChannels} input channel(s) x {block.KernelRows * block.Columns} tap(s).");
        }

        writer.Line($"{Code.Span} {PixelMajorOutputGradient} = scratch.Slice({scratch.TransposedOffset(layout)}, {scratch.TransposedLength});");
        writer.Line($"global::ModelGen.Internal.Transpose.Copy(outputGradient, {PixelMajorOutputGradient}, {channels}, {pixels});");
        writer.Line($"ref float dyT = ref MemoryMarshal.GetReference({PixelMajorOutputGradient});");
        writer.Line($"{Code.Span} weightGradientT = scratch.Slice({scratch.TransposedWeightOffset(layout)}, {scratch.TransposedWeightLength});");
        writer.Line("ref float gT = ref MemoryMarshal.GetReference(weightGradientT);");

        // The bias gradient sums the pixels' vectors, in BiasChains interleaved chains so the adds' latency overlaps.
        int chains = System.Math.Min(BiasChains, pixels), whole = pixels / chains * chains;
        using (writer.Block($"for (int c = 0; c < {channels}; c += {w})"))
        {
            for (int i = 0; i < chains; i++)
            {
                writer.Line($"Vec{w} bias{i} = Vec{w}.Zero;");
            }

            using (writer.Block($"for (int p = 0; p < {whole}; p += {chains})"))
            {
                for (int i = 0; i < chains; i++)
                {
                    writer.Line($"bias{i} += Simd{w}.LoadUnsafe(ref dyT, (nuint)({Plus("p", i)} * {channels} + c));");
                }
            }

            for (int p = whole; p < pixels; p++)
            {
                writer.Line($"bias{p - whole} += Simd{w}.LoadUnsafe(ref dyT, (nuint)({p * channels} + c));");
            }

            string sum = string.Join(" + ", Enumerable.Range(0, chains).Select(i => $"bias{i}"));
            writer.Line($"Simd{w}.StoreUnsafe(Simd{w}.LoadUnsafe(ref g0, (nuint)({layer.BiasOffset} + c)) + {sum}, ref g0, (nuint)({layer.BiasOffset} + c));");
        }

        if (layer.Kernels.WinogradWeightGradient)
        {
            Conv2DWinogradEmitter.EmitWeightGradient(writer, layer, scratch.ScratchLength(layout), set, PixelMajorOutputGradient);
        }
        else
        {
            using (writer.Block($"for (int oc = 0; oc < {channels}; oc += {block.OutputVectors * w})"))
            using (writer.Block($"for (int ic = 0; ic < {input.Channels}; ic += {block.InputChannels})"))
            using (writer.Block($"for (int ky = 0; ky < {k}; ky += {block.KernelRows})"))
            {
                for (int first = 0; first < k; first += block.Columns)
                {
                    EmitLaneBlock(writer, layer, layout, block, first, System.Math.Min(block.Columns, k - first));
                }
            }
        }

        writer.Line("// Add the [input channel, tap, output channel] gradient to the weights' [output channel, input channel, tap].");
        writer.Line($"global::ModelGen.Internal.Transpose.Add(weightGradientT, gradients.Slice({layer.WeightOffset}, {layer.WeightLength}), {weights}, {channels});");
    }

    /// <summary>
    /// One pass over the pixels for output channels oc.., input channels ic.., kernel rows ky.. of the block and the
    /// <paramref name="columns"/> columns from <paramref name="first"/>; the sums are stored to the transposed gradient.
    /// </summary>
    private static void EmitLaneBlock(SourceWriter writer, LayerPlan layer, ConvLayout layout, ChannelLaneBlock block, int first, int columns)
    {
        Shape output = layer.Output;
        int k = layer.Kernel, s = layer.Stride, w = block.Width, channels = output.Channels;
        var taps = (from i in Enumerable.Range(0, block.InputChannels)
                    from r in Enumerable.Range(0, block.KernelRows)
                    from kx in Enumerable.Range(first, columns)
                    select (I: i, R: r, Kx: kx)).ToList();
        string Accumulator(int o, (int I, int R, int Kx) t) => $"a{o}_{t.I}_{t.R}_{t.Kx}";
        using (writer.Block())
        {
            for (int o = 0; o < block.OutputVectors; o++)
            {
                foreach (var t in taps)
                {
                    writer.Line($"Vec{w} {Accumulator(o, t)} = Vec{w}.Zero;");
                }
            }

            using (writer.Block($"for (int oy = 0; oy < {output.Height}; oy++)"))
            {
                writer.Line($"ref float d = ref Unsafe.Add(ref dyT, oy * {output.Width * channels} + oc);");
                for (int i = 0; i < block.InputChannels; i++)
                {
                    writer.Line($"ref float x{i} = ref Unsafe.Add(ref source, ({Plus("ic", i)} * {layout.Rows} + {Code.Affine("oy", s, 0)} + ky) * {layout.Phases * layout.PhaseWidth});");
                }

                using (writer.Block($"for (nuint ox = 0; ox < {output.Width}; ox++)"))
                {
                    for (int o = 0; o < block.OutputVectors; o++)
                    {
                        writer.Line($"Vec{w} d{o} = Simd{w}.LoadUnsafe(ref d, ox * {channels}{(o == 0 ? "" : $" + {o * w}")});");
                    }

                    foreach (var t in taps)
                    {
                        string x = $"Simd{w}.Create(Unsafe.Add(ref x{t.I}, ox + {layout.TapOffset(t.R, t.Kx, s)}))";
                        if (block.OutputVectors > 1)
                        {
                            writer.Line($"Vec{w} x{t.I}_{t.R}_{t.Kx} = {x};");
                            x = $"x{t.I}_{t.R}_{t.Kx}";
                        }

                        for (int o = 0; o < block.OutputVectors; o++)
                        {
                            writer.Line($"{Accumulator(o, t)} = Simd{w}.FusedMultiplyAdd(d{o}, {x}, {Accumulator(o, t)});");
                        }
                    }
                }
            }

            foreach (var t in taps)
            {
                for (int o = 0; o < block.OutputVectors; o++)
                {
                    string tap = $"(({Plus("ic", t.I)} * {k} + {Plus("ky", t.R)}) * {k} + {t.Kx}) * {channels} + oc{(o == 0 ? "" : $" + {o * w}")}";
                    writer.Line($"Simd{w}.StoreUnsafe({Accumulator(o, t)}, ref gT, (nuint)({tap}));");
                }
            }
        }
    }

    private static void EmitAlongRows(SourceWriter writer, LayerPlan layer, ConvLayout layout, ConvBackwardLayout scratch, VectorPath path)
    {
        int v = path.Width;
        Shape output = layer.Output;
        bool flat = scratch.ShiftedLength > 0;
        (int? rows, int length) = flat ? ((int?)null, output.Height * output.Width) : (output.Height, output.Width);
        int tail = length % v;
        if (tail != 0)
        {
            // Lanes of the overlapping last vector that the vector before already covered count zero.
            string lanes = string.Join(", ", Enumerable.Range(0, v).Select(i => i < v - tail ? "0f" : "1f"));
            writer.Line($"Vec{v} tailMask = Simd{v}.Create({lanes});");
        }

        if (flat)
        {
            EmitShiftedCopies(writer, layer, layout, scratch, v);
        }

        writer.Line($"// Bias gradients: the output gradient summed over the pixels, up to {WeightGradientBlock.BiasChannels} output channels per pass.");
        BlockLoop.Emit(writer, "oc", output.Channels, System.Math.Min(output.Channels, WeightGradientBlock.BiasChannels), "output channel(s)", channels => EmitBiasBlock(writer, layer, flat, rows, length, v, channels));
        WeightGradientBlock block = WeightGradientBlock.For(layer.Input, output, layer.Kernel, path.Set);
        string taps = block.KernelRows == 1 ? $"{block.Columns} tap(s) of a kernel row" : $"{block.KernelRows}x{block.Columns} taps";
        writer.Line($"// Weight gradients: {block.OutputChannels} output channel(s) x {block.InputChannels} input channel(s) x {taps} per pass over the pixels.");
        BlockLoop.Emit(writer, "oc", output.Channels, block.OutputChannels, "output channel(s)", channels => EmitAlongRowsBlock(writer, layer, layout, flat, rows, length, v, channels, block));
    }

    private static void EmitBiasBlock(SourceWriter writer, LayerPlan layer, bool flat, int? rows, int length, int v, int channels)
    {
        for (int b = 0; b < channels; b++)
        {
            writer.Line($"Vec{v} bias{b} = Vec{v}.Zero;");
        }

        EachPixelVector(writer, rows, length, v, x =>
        {
            for (int b = 0; b < channels; b++)
            {
                writer.Line($"bias{b} += {Load(v, "dy0", DyIndex(layer.Output, flat, b, x.Start), x.Masked)};");
            }
        });
        for (int b = 0; b < channels; b++)
        {
            writer.Line($"Unsafe.Add(ref g0, {layer.BiasOffset} + {Channel(b)}) += Simd{v}.Sum(bias{b});");
        }
    }

    /// <summary>
    /// Whether the weight gradient reads the packed input: not when it builds its column-shifted copies straight from
    /// the input (<see cref="EmitShiftedCopies"/>), so the backward pass packs nothing.
    /// </summary>
    public static bool ReadsPackedInput(LayerPlan layer, VectorPath path) =>
        !layer.Kernels.WinogradWeightGradient
        && (!ConvBackwardLayout.Shifts(layer.Input, layer.Output, layer.Kernel, layer.Stride) || !ShiftedColumns.BuiltFromInput(layer.Input, path.Width));

    /// <summary>
    /// For stride 1: the padded input once per kernel column, shifted by it and as wide as the output
    /// ([input channel, column, padded row, output column]), so that the dot products run over the output as one flat
    /// row, with a single tail, instead of row by row with a masked tail each. Built straight from the input where
    /// its rows are at least a vector wide: a vector that reaches into the padding loads the nearest one inside the
    /// row and shuffles it into place, the lanes outside coming in as zero, and the backward pass packs nothing.
    /// Measured with the kernels benchmark on 2026-12-03 (AMD EPYC, AVX-512) on the reference CNN's first layer,
    /// against copies of the packed input: backward 1.74-1.92 -> 1.62-1.67 us median, p10 1.65 -> 1.55 us. The
    /// forward pass runs over the same copies where <see cref="ShiftedColumns.AppliesToForward"/>.
    /// </summary>
    private static void EmitShiftedCopies(SourceWriter writer, LayerPlan layer, ConvLayout layout, ConvBackwardLayout scratch, int v)
    {
        int k = layer.Kernel, width = layer.Output.Width;
        ShiftedColumnsEmitter.Declare(writer, scratch.ShiftedOffset(layout), scratch.ShiftedLength);
        if (ShiftedColumns.BuiltFromInput(layer.Input, v))
        {
            ShiftedColumnsEmitter.Emit(writer, layer, v);
            return;
        }

        using (writer.Block($"for (int c = 0; c < {layer.Input.Channels}; c++)"))
        using (writer.Block($"for (int r = 0; r < {layout.Rows}; r++)"))
        {
            writer.Line($"nuint from = (nuint)((c * {layout.Rows} + r) * {layout.PhaseWidth});");
            writer.Line($"nuint to = (nuint)((c * {k * layout.Rows} + r) * {width});");
            for (int kx = 0; kx < k; kx++)
            {
                for (int x = 0; x < width; x += v)
                {
                    int at = System.Math.Min(x, width - v);
                    writer.Line($"Simd{v}.StoreUnsafe(Simd{v}.LoadUnsafe(ref source, from + {kx + at}), ref shifted, to + {(kx * layout.Rows * width) + at});");
                }
            }
        }
    }

    /// <summary>
    /// The weight gradients of output channels oc to oc + <paramref name="channels"/> - 1: each pixel vector of their
    /// output gradients is loaded once per pass (input channels and kernel rows of the block), and each input vector
    /// once for all of them.
    /// </summary>
    private static void EmitAlongRowsBlock(SourceWriter writer, LayerPlan layer, ConvLayout layout, bool flat, int? rows, int length, int v, int channels, WeightGradientBlock block)
    {
        Shape input = layer.Input, output = layer.Output;
        int k = layer.Kernel, s = layer.Stride, inputs = block.InputChannels, kernelRows = block.KernelRows;
        string RowStart(string channel, string x) => flat
            ? $"({channel} * {k * layout.Rows} + ky) * {output.Width} + {x}"
            : $"({channel} * {layout.Rows} + {Code.Affine("oy", s, 0)} + ky) * {layout.Phases * layout.PhaseWidth} + {x}";
        int TapOffset(int r, int kx) => flat ? ((kx * layout.Rows) + r) * output.Width : layout.TapOffset(r, kx, s);
        string source = flat ? "shifted" : "source";
        using (writer.Block($"for (int ic = 0; ic < {input.Channels}; ic += {inputs})"))
        using (kernelRows < k ? writer.Block($"for (int ky = 0; ky < {k}; ky++)") : writer.Block())
        {
            if (kernelRows == k)
            {
                writer.Line("const int ky = 0;");
            }

            for (int first = 0; first < k; first += block.Columns)
            {
                int columns = System.Math.Min(block.Columns, k - first);
                var taps = (from i in Enumerable.Range(0, inputs)
                            from r in Enumerable.Range(0, kernelRows)
                            from kx in Enumerable.Range(first, columns)
                            select (I: i, R: r, Kx: kx)).ToList();
                string Accumulator(int b, (int I, int R, int Kx) t) => $"w{b}_{t.I}_{t.R}_{t.Kx}";
                using (writer.Block())
                {
                    for (int b = 0; b < channels; b++)
                    {
                        foreach (var t in taps)
                        {
                            writer.Line($"Vec{v} {Accumulator(b, t)} = Vec{v}.Zero;");
                        }
                    }

                    EachPixelVector(writer, rows, length, v, x =>
                    {
                        for (int b = 0; b < channels; b++)
                        {
                            writer.Line($"Vec{v} d{b} = {Load(v, "dy0", DyIndex(output, flat, b, x.Start), x.Masked)};");
                        }

                        for (int i = 0; i < inputs; i++)
                        {
                            writer.Line($"nuint row{i} = (nuint)({RowStart(Plus("ic", i), x.Start)});");
                        }

                        foreach (var t in taps)
                        {
                            writer.Line($"Vec{v} x{t.I}_{t.R}_{t.Kx} = Simd{v}.LoadUnsafe(ref {source}, row{t.I} + {TapOffset(t.R, t.Kx)});");
                            for (int b = 0; b < channels; b++)
                            {
                                writer.Line($"{Accumulator(b, t)} = Simd{v}.FusedMultiplyAdd(d{b}, x{t.I}_{t.R}_{t.Kx}, {Accumulator(b, t)});");
                            }
                        }
                    });
                    // Each accumulator's weight, as an offset from output channel oc's, input channel ic's and kernel row ky's first.
                    var weights = (from b in Enumerable.Range(0, channels)
                                   from t in taps
                                   select (Offset: (((b * input.Channels) + t.I) * k * k) + (t.R * k) + t.Kx, Accumulator: Accumulator(b, t))).ToList();
                    writer.Line($"ref float gradient = ref Unsafe.Add(ref g0, {layer.WeightOffset} + (oc * {input.Channels} + ic) * {k * k} + ky * {k});");
                    EmitSums(writer, weights, v);
                }
            }
        }
    }

    /// <summary>
    /// Adds each accumulator's lane sum to its weight's gradient. Where <paramref name="v"/> weights (8 or 16) are
    /// consecutive, their sums come from one <c>LaneSums.Of</c> and are added in one vector; a shorter run of 4 or
    /// more takes one too, padded with zeros, and adds its lanes one by one. Measured with the kernels benchmark on
    /// 2026-12-08 (AMD EPYC, AVX-512, alternating binaries) on the reference CNN's first layer, whose 72 weights had
    /// taken ~0.13 us of horizontal sums: backward 1.06-1.08 -> 0.98 us.
    /// </summary>
    private static void EmitSums(SourceWriter writer, List<(int Offset, string Accumulator)> weights, int v)
    {
        var ordered = weights.OrderBy(w => w.Offset).ToList();
        int start = 0;
        while (start < ordered.Count)
        {
            int count = 1;
            while (count < v && start + count < ordered.Count && ordered[start + count].Offset == ordered[start].Offset + count)
            {
                count++;
            }

            int offset = ordered[start].Offset;
            var run = ordered.GetRange(start, count);
            if (v < 8 || count < 4)
            {
                foreach (var (at, accumulator) in run)
                {
                    writer.Line($"Unsafe.Add(ref gradient, {at}) += Simd{v}.Sum({accumulator});");
                }
            }
            else
            {
                string arguments = string.Join(", ", run.Select(w => w.Accumulator).Concat(Enumerable.Repeat($"Vec{v}.Zero", v - count)));
                string sums = $"global::ModelGen.Internal.LaneSums.Of({arguments})";
                if (count == v)
                {
                    writer.Line($"Simd{v}.StoreUnsafe(Simd{v}.LoadUnsafe(ref gradient, {offset}) + {sums}, ref gradient, {offset});");
                }
                else
                {
                    using (writer.Block())
                    {
                        writer.Line($"Vec{v} sums = {sums};");
                        for (int i = 0; i < count; i++)
                        {
                            writer.Line($"Unsafe.Add(ref gradient, {offset + i}) += Simd{v}.GetElement(sums, {i});");
                        }
                    }
                }
            }

            start += count;
        }
    }

    private static string Channel(int b) => b == 0 ? "oc" : $"(oc + {b})";

    private static string DyIndex(Shape output, bool flat, int b, string x) => flat
        ? $"{Channel(b)} * {output.Height * output.Width} + {x}"
        : $"({Channel(b)} * {output.Height} + oy) * {output.Width} + {x}";

    private static string Plus(string variable, int offset) => offset == 0 ? variable : $"({variable} + {offset})";

    private static string Load(int v, string reference, string index, bool masked)
    {
        string load = $"Simd{v}.LoadUnsafe(ref {reference}, (nuint)({index}))";
        return masked ? $"{load} * tailMask" : load;
    }

    /// <summary>
    /// Runs <paramref name="body"/> for every vector of pixels (ox) in each of <paramref name="rows"/> rows (oy) of
    /// <paramref name="length"/>, or in one flat row of that length when rows is null; a row's tail vector is masked.
    /// </summary>
    private static void EachPixelVector(SourceWriter writer, int? rows, int length, int v, System.Action<(string Start, bool Masked)> body)
    {
        using (rows is int count ? writer.Block($"for (int oy = 0; oy < {count}; oy++)") : null)
        {
            if (length >= v)
            {
                using (writer.Block($"for (int ox = 0; ox <= {length - v}; ox += {v})"))
                {
                    body(("ox", false));
                }
            }

            if (length % v != 0)
            {
                using (writer.Block())
                {
                    body((Code.Int(length - v), true));
                }
            }
        }
    }
}
