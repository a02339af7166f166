using System.Linq;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>The <see cref="ShiftedColumns"/> of a convolution's input, built straight from the input where <see cref="ShiftedColumns.BuiltFromInput"/>.</summary>
internal static class ShiftedColumnsEmitter
{
    /// <summary>Declares span shiftedRows and ref shifted over the copies' <paramref name="length"/> floats of scratch from <paramref name="offset"/>.</summary>
    public static void Declare(SourceWriter writer, int offset, int length)
    {
        writer.Line("// The padded input once per kernel column, shifted by it and as wide as the output, so the output is one flat row.");
        writer.Line($"{Code.Span} shiftedRows = scratch.Slice({offset}, {length});");
        writer.Line("ref float shifted = ref MemoryMarshal.GetReference(shiftedRows);");
    }

    /// <summary>
    /// Expects ref source (the unpadded input), span shiftedRows and ref shifted (the copies) in scope. The padding
    /// rows are cleared; then per input row and kernel column, each vector of an output row is loaded from the input
    /// row at its own start clamped into the row and, where the clamp moved it, shuffled back by as many lanes (an
    /// index past the vector gives zero, the padding).
    /// </summary>
    public static void Emit(SourceWriter writer, LayerPlan layer, int v)
    {
        Shape input = layer.Input;
        int k = layer.Kernel, p = layer.Padding, width = layer.Output.Width, rows = input.Height + (2 * p), copy = ShiftedColumns.CopyLength(layer.Output, k);
        if (p > 0)
        {
            using (writer.Block($"for (int copy = 0; copy < {input.Channels * k}; copy++)"))
            {
                writer.Line($"shiftedRows.Slice(copy * {copy}, {p * width}).Clear();");
                writer.Line($"shiftedRows.Slice(copy * {copy} + {(p + input.Height) * width}, {p * width}).Clear();");
            }
        }

        using (writer.Block($"for (int c = 0; c < {input.Channels}; c++)"))
        using (writer.Block($"for (int y = 0; y < {input.Height}; y++)"))
        {
            writer.Line($"nuint from = (nuint)((c * {input.Height} + y) * {input.Width});");
            writer.Line($"nuint to = (nuint)({Code.Affine($"(c * {k * rows} + y)", width, p * width)});");
            for (int kx = 0; kx < k; kx++)
            {
                for (int x = 0; x < width; x += v)
                {
                    int at = System.Math.Min(x, width - v), start = at + kx - p;
                    int clamped = System.Math.Max(0, System.Math.Min(start, input.Width - v)), shift = start - clamped;
                    string load = $"Simd{v}.LoadUnsafe(ref source, from + {clamped})";
                    if (shift != 0)
                    {
                        load = $"Simd{v}.Shuffle({load}, Simd{v}.Create({string.Join(", ", Enumerable.Range(shift, v))}))";
                    }

                    writer.Line($"Simd{v}.StoreUnsafe({load}, ref shifted, to + {(kx * copy) + at});");
                }
            }
        }
    }
}
