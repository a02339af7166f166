using System.Linq;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>
/// The SIMD backward convolution. Weight gradient: every (output channel, input channel, tap) is a dot product of the
/// output gradient with the packed input along output rows, kept in one vector accumulator and summed once at the
/// end; a block of them (<see cref="WeightGradientBlock"/>) shares each loaded vector. The row tail overlaps and is
/// masked so no pixel counts twice. Input gradient: per stride phase of the padded input, a correlation of the padded
/// output gradient with that phase's flipped taps (see <see cref="ConvBackwardLayout"/>), run like the forward kernel,
/// then cropped to the unpadded input.
/// </summary>
internal static class Conv2DVectorBackwardEmitter
{
    public static void Emit(SourceWriter writer, LayerPlan layer, VectorPath path)
    {
        ConvLayout layout = ConvLayout.For(layer.Input, layer.Kernel, layer.Stride, layer.Padding);
        ConvBackwardLayout spread = ConvBackwardLayout.For(layer);
        int v = path.Width;
        string source = "input";
        if (layout.NeedsPacking)
        {
            writer.Line($"{Code.Span} packed = scratch.Slice(0, {layout.Length});");
            writer.Line($"{layer.MethodName}_Pack(input, packed);");
            source = "packed";
        }

        writer.Line($"ref float source = ref MemoryMarshal.GetReference({source});");
        writer.Line("ref float dy0 = ref MemoryMarshal.GetReference(outputGradient);");
        writer.Line("ref float g0 = ref MemoryMarshal.GetReference(gradients);");
        writer.Line("ref float parameters = ref MemoryMarshal.GetArrayDataReference(_parameters);");
        int tail = layer.Output.Width % v;
        if (tail != 0)
        {
            // Lanes of the overlapping last vector that the vector before already covered count zero.
            string lanes = string.Join(", ", Enumerable.Range(0, v).Select(i => i < v - tail ? "0f" : "1f"));
            writer.Line($"Vec{v} tailMask = Simd{v}.Create({lanes});");
        }

        EmitWeightGradient(writer, layer, layout, v);
        if (layer.NeedsInputGradient)
        {
            EmitInputGradient(writer, layer, layout, spread, v);
        }
    }

    private static void EmitWeightGradient(SourceWriter writer, LayerPlan layer, ConvLayout layout, int v)
    {
        Shape output = layer.Output;
        WeightGradientBlock block = WeightGradientBlock.For(layer.Input, output, layer.Kernel);
        writer.Line($"// Weight and bias gradients: {block.OutputChannels} output channel(s) x {block.InputChannels} input channel(s) x {block.Columns} tap(s) of a kernel row per pass over the pixels.");
        BlockLoop.Emit(writer, "oc", output.Channels, block.OutputChannels, "output channel(s)", channels => EmitWeightGradientBlock(writer, layer, layout, v, channels, block));
    }

    /// <summary>
    /// The gradients of output channels oc to oc + <paramref name="channels"/> - 1: each pixel vector of their output
    /// gradients is loaded once per input channel and kernel row, and each input vector once for all of them.
    /// </summary>
    private static void EmitWeightGradientBlock(SourceWriter writer, LayerPlan layer, ConvLayout layout, int v, int channels, WeightGradientBlock block)
    {
        Shape input = layer.Input, output = layer.Output;
        int k = layer.Kernel, s = layer.Stride, taps = k * k, inputs = block.InputChannels;
        string Channel(int b) => b == 0 ? "oc" : $"(oc + {b})";
        string DyIndex(int b, string x) => $"({Channel(b)} * {output.Height} + oy) * {output.Width} + {x}";
        for (int b = 0; b < channels; b++)
        {
            writer.Line($"Vec{v} bias{b} = Vec{v}.Zero;");
        }

        EachPixelVector(writer, output, v, x =>
        {
            for (int b = 0; b < channels; b++)
            {
                writer.Line($"bias{b} += {Load(v, "dy0", DyIndex(b, x.Start), x.Masked)};");
            }
        });
        for (int b = 0; b < channels; b++)
        {
            writer.Line($"Unsafe.Add(ref g0, {layer.BiasOffset} + {Channel(b)}) += Simd{v}.Sum(bias{b});");
        }

        using (writer.Block($"for (int ic = 0; ic < {input.Channels}; ic += {inputs})"))
        using (writer.Block($"for (int ky = 0; ky < {k}; ky++)"))
        {
            for (int first = 0; first < k; first += block.Columns)
            {
                int columns = System.Math.Min(block.Columns, k - first);
                string Accumulator(int b, int i, int kx) => $"w{b}_{i}_{kx}";
                using (writer.Block())
                {
                    for (int b = 0; b < channels; b++)
                    {
                        for (int i = 0; i < inputs; i++)
                        {
                            for (int kx = first; kx < first + columns; kx++)
                            {
                                writer.Line($"Vec{v} {Accumulator(b, i, kx)} = Vec{v}.Zero;");
                            }
                        }
                    }

                    EachPixelVector(writer, output, v, x =>
                    {
                        for (int b = 0; b < channels; b++)
                        {
                            writer.Line($"Vec{v} d{b} = {Load(v, "dy0", DyIndex(b, x.Start), x.Masked)};");
                        }

                        for (int i = 0; i < inputs; i++)
                        {
                            string channel = i == 0 ? "ic" : $"(ic + {i})";
                            writer.Line($"nuint row{i} = (nuint)(({channel} * {layout.Rows} + {Code.Affine("oy", s, 0)} + ky) * {layout.Phases * layout.PhaseWidth} + {x.Start});");
                            for (int kx = first; kx < first + columns; kx++)
                            {
                                writer.Line($"Vec{v} x{i}_{kx} = Simd{v}.LoadUnsafe(ref source, row{i} + {layout.TapOffset(0, kx, s)});");
                                for (int b = 0; b < channels; b++)
                                {
                                    writer.Line($"{Accumulator(b, i, kx)} = Simd{v}.FusedMultiplyAdd(d{b}, x{i}_{kx}, {Accumulator(b, i, kx)});");
                                }
                            }
                        }
                    });
                    for (int b = 0; b < channels; b++)
                    {
                        for (int i = 0; i < inputs; i++)
                        {
                            string weight = $"{layer.WeightOffset} + ({Channel(b)} * {input.Channels} + ic{(i == 0 ? "" : $" + {i}")}) * {taps} + ky * {k}";
                            for (int kx = first; kx < first + columns; kx++)
                            {
                                writer.Line($"Unsafe.Add(ref g0, {weight} + {kx}) += Simd{v}.Sum({Accumulator(b, i, kx)});");
                            }
                        }
                    }
                }
            }
        }
    }

    private static void EmitInputGradient(SourceWriter writer, LayerPlan layer, ConvLayout layout, ConvBackwardLayout spread, int v)
    {
        Shape input = layer.Input, output = layer.Output;
        int s = layer.Stride, p = layer.Padding;
        writer.Line(s == 1
            ? "// Input gradient: the output gradient, padded by kernel - 1, correlated with the flipped weights."
            : $"// Input gradient, one stride phase of the padded input at a time: the output gradient, padded by {spread.Pad}, correlated with the phase's flipped taps.");
        writer.Line($"{Code.Span} spread = scratch.Slice({spread.SpreadOffset(layout)}, {spread.SpreadLength});");
        writer.Line($"{Code.Span} full = scratch.Slice({spread.FullOffset(layout)}, {spread.FullLength});");
        writer.Line("spread.Clear();");
        if (s > layer.Kernel)
        {
            writer.Line("full.Clear();");
        }

        using (writer.Block($"for (int oc = 0; oc < {output.Channels}; oc++)"))
        using (writer.Block($"for (int oy = 0; oy < {output.Height}; oy++)"))
        {
            writer.Line($"outputGradient.Slice((oc * {output.Height} + oy) * {output.Width}, {output.Width}).CopyTo(spread.Slice((oc * {spread.Rows} + {Code.Affine("oy", 1, spread.Pad)}) * {spread.Width} + {spread.Pad}, {output.Width}));");
        }

        writer.Line("ref float spread0 = ref MemoryMarshal.GetReference(spread);");
        writer.Line("ref float full0 = ref MemoryMarshal.GetReference(full);");

        // Blocks of input channels, and vector positions along a row, are loops once there are more than a few, so
        // the code grows with the kernel's taps but not with the channels or the width.
        (int rows, int columns) = KeptRowsAndColumns(layer, spread);
        int longestPhase = Enumerable.Range(0, System.Math.Min(s, layer.Kernel)).Max(rx => PhaseLength(p, p + columns - 1, rx, s));
        int block = ConvChannelBlock.For(input.Channels, longestPhase, v);
        int fullBlocks = input.Channels / block;
        if (fullBlocks >= 2)
        {
            writer.Line($"// Input channels 0 to {(fullBlocks * block) - 1}, {block} at a time.");
            using (writer.Block($"for (int ic0 = 0; ic0 < {fullBlocks * block}; ic0 += {block})"))
            {
                EmitInputGradientRows(writer, layer, spread, v, "ic0", block);
            }
        }

        for (int start = fullBlocks >= 2 ? fullBlocks * block : 0; start < input.Channels; start += block)
        {
            int count = System.Math.Min(block, input.Channels - start);
            writer.Line($"// Input channels {start} to {start + count - 1}.");
            EmitInputGradientRows(writer, layer, spread, v, Code.Int(start), count);
        }

        writer.Line("// Crop the padding; rows and columns the last window did not reach get no gradient.");
        if (rows < input.Height || columns < input.Width)
        {
            writer.Line("inputGradient.Clear();");
        }

        using (writer.Block($"for (int c = 0; c < {input.Channels}; c++)"))
        using (writer.Block($"for (int y = 0; y < {rows}; y++)"))
        {
            string fullRow = $"(c * {spread.FullRows} + {Code.Affine("y", 1, p)}) * {spread.Phases * spread.PhaseWidth}";
            string target = $"(c * {input.Height} + y) * {input.Width}";
            if (s == 1)
            {
                writer.Line($"full.Slice({fullRow} + {p}, {columns}).CopyTo(inputGradient.Slice({target}, {columns}));");
            }
            else
            {
                writer.Line($"int fullRow = {fullRow}, target = {target};");
                using (writer.Block($"for (int x = 0; x < {columns}; x++)"))
                {
                    writer.Line($"inputGradient[target + x] = full[fullRow + ({Code.Affine("x", 1, p)}) % {s} * {spread.PhaseWidth} + ({Code.Affine("x", 1, p)}) / {s}];");
                }
            }
        }
    }

    /// <summary>The rows and columns of the input that get a gradient: those the windows reach, up to the input's size.</summary>
    private static (int Rows, int Columns) KeptRowsAndColumns(LayerPlan layer, ConvBackwardLayout spread) =>
        (System.Math.Min(layer.Input.Height, spread.FullRows - layer.Padding), System.Math.Min(layer.Input.Width, spread.FullWidth - layer.Padding));

    /// <summary>
    /// The padded input gradient of <paramref name="count"/> input channels from <paramref name="start"/> (a literal or
    /// the loop variable ic0), only where the crop keeps it: for each row phase and each column phase, every row and
    /// every vector position of that phase, a sum over output channels and the phase's flipped taps.
    /// </summary>
    private static void EmitInputGradientRows(SourceWriter writer, LayerPlan layer, ConvBackwardLayout spread, int v, string start, int count)
    {
        Shape input = layer.Input, output = layer.Output;
        int k = layer.Kernel, s = layer.Stride, p = layer.Padding, taps = k * k;
        bool literal = int.TryParse(start, out int first);
        (int rows, int columns) = KeptRowsAndColumns(layer, spread);
        if (rows <= 0 || columns <= 0)
        {
            return;
        }

        // Phases beyond the kernel (stride > kernel) have no taps: their gradient stays the zero the buffer was cleared to.
        for (int ry = 0; ry < System.Math.Min(s, k); ry++)
        {
            // Padded rows y = Y * s + ry in [p, p + rows).
            (int firstRow, int lastRow) = PhaseRange(p, p + rows - 1, ry, s);
            if (firstRow > lastRow)
            {
                continue;
            }

            if (s > 1)
            {
                writer.Line($"// Rows of phase {ry}: taps ky = {string.Join(", ", Enumerable.Range(0, k).Where(ky => ky % s == ry))}.");
            }

            using (writer.Block($"for (int Y = {firstRow}; Y <= {lastRow}; Y++)"))
            {
                for (int rx = 0; rx < System.Math.Min(s, k); rx++)
                {
                    (int firstColumn, int lastColumn) = PhaseRange(p, p + columns - 1, rx, s);
                    if (firstColumn > lastColumn)
                    {
                        continue;
                    }

                    RowVectors.Emit(writer, firstColumn, lastColumn - firstColumn + 1, v, "X", positions => EmitInputGradientVector(ry, rx, positions));
                }
            }
        }

        void EmitInputGradientVector(int ry, int rx, string[] positions)
        {
            using (writer.Block())
            {
                for (int b = 0; b < count; b++)
                {
                    for (int q = 0; q < positions.Length; q++)
                    {
                        writer.Line($"Vec{v} {RowVectors.Accumulator(b, q)} = Vec{v}.Zero;");
                    }
                }

                using (writer.Block($"for (int oc = 0; oc < {output.Channels}; oc++)"))
                {
                    writer.Line($"nuint row = (nuint)((oc * {spread.Rows} + Y) * {spread.Width});");
                    writer.Line($"nuint weight = (nuint)({layer.WeightOffset} + (oc * {input.Channels} + {start}) * {taps});");

                    // Tap (ky, kx) of this phase reads output pixel (Y - i, X - j), with ky = ry + i * s and kx = rx + j * s;
                    // the kernel rows i are a loop, as in the forward pass.
                    int kernelRows = ((k - 1 - ry) / s) + 1;
                    using (writer.Block($"for (int i = 0; i < {kernelRows}; i++)"))
                    {
                        writer.Line($"nuint outputRow = row + (nuint)(({spread.Pad} - i) * {spread.Width});");
                        writer.Line($"nuint kernelRow = weight + (nuint)({Code.Affine("i", s * k, ry * k)});");
                        for (int kx = rx; kx < k; kx += s)
                        {
                            int offset = spread.Pad - ((kx - rx) / s);
                            string[] loads = [.. positions.Select(x => $"Simd{v}.LoadUnsafe(ref spread0, outputRow + {offset} + (nuint)({x}))")];
                            RowVectors.EmitTap(writer, $"Vec{v}", $"Simd{v}", kx, loads, count, b => $"kernelRow + {(b * taps) + kx}");
                        }
                    }
                }

                for (int b = 0; b < count; b++)
                {
                    string channel = literal ? Code.Int(first + b) : b == 0 ? start : $"({start} + {b})";
                    string y = Code.Affine("Y", s, ry);
                    for (int q = 0; q < positions.Length; q++)
                    {
                        writer.Line($"Simd{v}.StoreUnsafe({RowVectors.Accumulator(b, q)}, ref full0, (nuint)((({channel} * {spread.FullRows} + {y}) * {s} + {rx}) * {spread.PhaseWidth} + {positions[q]}));");
                    }
                }
            }
        }
    }

    /// <summary>How many Y have <paramref name="low"/> &lt;= Y * stride + phase &lt;= <paramref name="high"/>.</summary>
    private static int PhaseLength(int low, int high, int phase, int stride)
    {
        (int first, int last) = PhaseRange(low, high, phase, stride);
        return System.Math.Max(0, last - first + 1);
    }

    /// <summary>The first and last Y with <paramref name="low"/> &lt;= Y * stride + phase &lt;= <paramref name="high"/> (first &gt; last when none).</summary>
    private static (int First, int Last) PhaseRange(int low, int high, int phase, int stride)
    {
        int first = low <= phase ? 0 : (low - phase + stride - 1) / stride;
        int last = high < phase ? -1 : (high - phase) / stride;
        return (first, last);
    }

    private static string Load(int v, string reference, string index, bool masked)
    {
        string load = $"Simd{v}.LoadUnsafe(ref {reference}, (nuint)({index}))";
        return masked ? $"{load} * tailMask" : load;
    }

    /// <summary>Runs <paramref name="body"/> for every row and every vector of pixels in it; the row's tail vector is masked.</summary>
    private static void EachPixelVector(SourceWriter writer, Shape output, int v, System.Action<(string Start, bool Masked)> body)
    {
        using (writer.Block($"for (int oy = 0; oy < {output.Height}; oy++)"))
        {
            int fullBlocks = output.Width / v;
            if (fullBlocks > 0)
            {
                using (writer.Block($"for (int ox = 0; ox <= {output.Width - v}; ox += {v})"))
                {
                    body(("ox", false));
                }
            }

            if (output.Width % v != 0)
            {
                using (writer.Block())
                {
                    body((Code.Int(output.Width - v), true));
                }
            }
        }
    }
}
