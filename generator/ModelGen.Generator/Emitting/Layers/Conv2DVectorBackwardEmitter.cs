using System.Linq;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>
/// The SIMD backward convolution: the weight and bias gradients (<see cref="Conv2DWeightGradientEmitter"/>), then the
/// input gradient, per stride phase of the padded input a correlation of the padded output gradient with that phase's
/// flipped taps (see <see cref="ConvBackwardLayout"/>), run like the forward kernel, then cropped to the unpadded input.
/// </summary>
internal static class Conv2DVectorBackwardEmitter
{
    public static void Emit(SourceWriter writer, LayerPlan layer, VectorPath path)
    {
        ConvLayout layout = ConvLayout.For(layer.Input, layer.Kernel, layer.Stride, layer.Padding);
        ConvBackwardLayout spread = ConvBackwardLayout.For(layer);
        int v = path.Width;
        string source = "input";
        if (layout.NeedsPacking && Conv2DWeightGradientEmitter.ReadsPackedInput(layer, path))
        {
            writer.Line($"{Code.Span} packed = scratch.Slice(0, {layout.Length});");
            writer.Line($"{layer.MethodName}_Pack(input, packed);");
            source = "packed";
        }

        writer.Line($"ref float source = ref MemoryMarshal.GetReference({source});");
        writer.Line("ref float dy0 = ref MemoryMarshal.GetReference(outputGradient);");
        writer.Line("ref float g0 = ref MemoryMarshal.GetReference(gradients);");
        writer.Line("ref float parameters = ref MemoryMarshal.GetArrayDataReference(_parameters);");
        Conv2DWeightGradientEmitter.Emit(writer, layer, layout, spread, path);
        if (layer.NeedsInputGradient && layer.Kernels.WinogradInputGradient)
        {
            string? pixelMajor = ChannelLaneBlock.Applies(layer.Input, layer.Output, layer.Kernel) ? Conv2DWeightGradientEmitter.PixelMajorOutputGradient : null;
            using (writer.Block())
            {
                Conv2DWinogradEmitter.EmitInputGradient(writer, layer, spread.ScratchLength(layout), path, pixelMajor);
            }
        }
        else if (layer.NeedsInputGradient && layer.Kernels.NarrowRowInputGradient(layer.Input, layer.Output, layer.Kernel))
        {
            Conv2DLaneInputGradientEmitter.Emit(writer, layer, layout, spread, path);
        }
        else if (layer.NeedsInputGradient)
        {
            EmitInputGradient(writer, layer, layout, spread, v);
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
    internal static (int Rows, int Columns) KeptRowsAndColumns(LayerPlan layer, ConvBackwardLayout spread) =>
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
}
