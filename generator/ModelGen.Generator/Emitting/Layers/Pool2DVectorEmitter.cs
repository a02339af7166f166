using System;
using System.Linq;
using ModelGen.Generator.Parsing;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>
/// SIMD MaxPool2D and AvgPool2D: vectors of output pixels along a row, every window tap one contiguous load from the
/// phase-split copy of the input (as the convolution reads it, or at stride 2 split into even and odd columns as a
/// whole). Backward replays the forward pass's choice lane by lane (the first maximum in row-major order wins, NaN
/// always), adds each tap's share into a gradient of the same layout (stores it, when windows do not overlap), and
/// copies it back to CHW. A row's tail is a last vector that overlaps the one before; in the backward pass of
/// overlapping windows its lanes already done are masked to zero.
/// </summary>
internal static class Pool2DVectorEmitter
{
    private static ConvLayout Layout(LayerPlan layer) => ConvLayout.For(layer.Input, layer.Kernel, layer.Stride, 0);

    public static void EmitForward(SourceWriter writer, LayerPlan layer, VectorPath path)
    {
        ConvLayout layout = Layout(layer);
        int v = path.Width;
        bool max = layer.Kind == LayerKind.MaxPool2D;
        EmitSource(writer, layer, layout);
        writer.Line("ref float y0 = ref MemoryMarshal.GetReference(output);");
        EachPixelVector(writer, layer, layout, v, (x, _) =>
        {
            var taps = Taps(layer, layout);
            if (max)
            {
                writer.Line($"Vec{v} best = {Load(v, "source", $"row + {taps[0]} + {x}")};");
                foreach (int tap in taps.Skip(1))
                {
                    // Vector Max, like the scalar pool, lets NaN win.
                    writer.Line($"best = Simd{v}.Max(best, {Load(v, "source", $"row + {tap} + {x}")});");
                }

                if (layer.AppliesReluBefore)
                {
                    writer.Line($"best = Simd{v}.Max(best, Vec{v}.Zero); // the ReLU before");
                }

                writer.Line($"Simd{v}.StoreUnsafe(best, ref y0, pixel + {x});");
            }
            else
            {
                // Summed from zero in the scalar path's order, then divided: the same roundings.
                writer.Line($"Vec{v} sum = Vec{v}.Zero;");
                foreach (int tap in taps)
                {
                    writer.Line($"sum += {Load(v, "source", $"row + {tap} + {x}")};");
                }

                writer.Line($"Simd{v}.StoreUnsafe(sum / {Code.Float(layer.Kernel * layer.Kernel)}, ref y0, pixel + {x});");
            }
        });
    }

    public static void EmitBackward(SourceWriter writer, LayerPlan layer, VectorPath path)
    {
        ConvLayout layout = Layout(layer);
        Shape input = layer.Input;
        int v = path.Width, tail = layer.Output.Width % v;
        bool max = layer.Kind == LayerKind.MaxPool2D;

        // Windows that do not overlap (stride = size) give every input pixel at most one share, so the shares are
        // stored, not added, and the overlapping tail vector stores again what the vector before stored. Only
        // pixels no window covers need the zero of a cleared gradient.
        bool disjoint = layer.Stride == layer.Kernel;
        bool covered = disjoint && input.Height == layer.Output.Height * layer.Kernel && input.Width == layer.Output.Width * layer.Kernel;
        string gradient = layout.NeedsPacking ? "spread" : "inputGradient";
        EmitSource(writer, layer, layout);
        if (layout.NeedsPacking)
        {
            writer.Line($"{Code.Span} spread = scratch.Slice({layout.Length}, {layout.Length});");
        }

        if (!covered)
        {
            writer.Line($"{gradient}.Clear();");
        }

        writer.Line($"ref float g0 = ref MemoryMarshal.GetReference({gradient});");
        writer.Line("ref float dy0 = ref MemoryMarshal.GetReference(outputGradient);");
        if (tail != 0 && !disjoint)
        {
            string lanes = string.Join(", ", Enumerable.Range(0, v).Select(i => i < v - tail ? "0f" : "1f"));
            writer.Line($"Vec{v} tailMask = Simd{v}.Create({lanes});");
        }

        EachPixelVector(writer, layer, layout, v, (x, masked) =>
        {
            var taps = Taps(layer, layout);
            string dy = $"{Load(v, "dy0", $"pixel + {x}")}{(masked && !disjoint ? " * tailMask" : "")}";
            if (!max)
            {
                writer.Line($"Vec{v} share = {dy} / {Code.Float(layer.Kernel * layer.Kernel)};");
                foreach (int tap in taps)
                {
                    Share(writer, v, $"row + {tap} + {x}", "share", disjoint);
                }

                return;
            }

            writer.Line($"Vec{v} dy = {dy};");
            string[] shares = EmitMaxChoice(writer, layer, v, taps.Length, t => Load(v, "source", $"row + {taps[t]} + {x}"), declare: true);
            for (int t = 0; t < taps.Length; t++)
            {
                Share(writer, v, $"row + {taps[t]} + {x}", shares[t], disjoint);
            }
        });

        if (SplitsWhole(layer))
        {
            int half = layout.Length / 2;
            writer.Line("// Even and odd columns back together; pixels no window reached keep their zero.");
            writer.Line($"global::ModelGen.Internal.EvenOdd.Join(spread.Slice(0, {half}), spread.Slice({half}, {half}), inputGradient);");
        }
        else if (layout.NeedsPacking)
        {
            writer.Line("// Back from the stride phases to CHW; pixels no window reached keep their zero.");
            int s = layer.Stride;
            using (writer.Block($"for (int c = 0; c < {input.Channels}; c++)"))
            using (writer.Block($"for (int y = 0; y < {input.Height}; y++)"))
            using (writer.Block($"for (int x = 0; x < {input.Width}; x++)"))
            {
                writer.Line($"inputGradient[(c * {input.Height} + y) * {input.Width} + x] = spread[((c * {layout.Rows} + y) * {s} + x % {s}) * {layout.PhaseWidth} + x / {s}];");
            }
        }
    }

    /// <summary>
    /// Replays the forward pass's choice lane by lane over the window's <paramref name="taps"/> values in row-major
    /// order (the first maximum wins, NaN always), into <c>best</c> and a mask per tap taken; after a ReLU, clears
    /// <c>dy</c> where the maximum is not above zero. Returns each tap's share of <c>dy</c>: where it was the last tap
    /// taken (tap 0: where none was). With <paramref name="declare"/>, each value after the first is declared once
    /// (value1...), as <paramref name="value"/> is a load.
    /// </summary>
    internal static string[] EmitMaxChoice(SourceWriter writer, LayerPlan layer, int v, int taps, Func<int, string> value, bool declare)
    {
        writer.Line($"Vec{v} best = {value(0)};");
        for (int t = 1; t < taps; t++)
        {
            string x = value(t);
            if (declare)
            {
                writer.Line($"Vec{v} value{t} = {x};");
                x = $"value{t}";
            }

            writer.Line($"Vec{v} take{t} = Simd{v}.GreaterThan({x}, best) | ~Simd{v}.Equals({x}, {x});");
            writer.Line($"best = Simd{v}.ConditionalSelect(take{t}, {x}, best);");
        }

        if (layer.MasksReluGradient)
        {
            writer.Line($"dy &= Simd{v}.GreaterThan(best, Vec{v}.Zero); // the ReLU before: no gradient where it was off");
        }

        // laterN: the lanes where a tap after N was taken.
        var shares = new string[taps];
        shares[0] = "dy";
        if (taps > 1)
        {
            shares[taps - 1] = $"(dy & take{taps - 1})";
            writer.Line($"Vec{v} later{taps - 2} = take{taps - 1};");
            for (int t = taps - 2; t >= 1; t--)
            {
                writer.Line($"Vec{v} later{t - 1} = later{t} | take{t};");
                shares[t] = $"Simd{v}.AndNot(dy & take{t}, later{t})";
            }

            shares[0] = $"Simd{v}.AndNot(dy, later0)";
        }

        return shares;
    }

    /// <summary>
    /// Whether the input is split into even and odd columns as a whole: at stride 2 with an even width, the even
    /// columns of the whole tensor are the even columns of each row in order, so one vector split of all of it
    /// replaces a split per row (a pool's rows are short, and per-row calls cost more than the moves).
    /// </summary>
    public static bool SplitsWhole(LayerPlan layer) => layer.Stride == 2 && layer.Input.Width % 2 == 0;

    /// <summary>Declares <c>source</c>: the input split into stride phases in scratch, or the input itself at stride 1.</summary>
    private static void EmitSource(SourceWriter writer, LayerPlan layer, ConvLayout layout)
    {
        if (SplitsWhole(layer))
        {
            int half = layout.Length / 2;
            writer.Line($"{Code.Span} packed = scratch.Slice(0, {layout.Length});");
            writer.Line($"global::ModelGen.Internal.EvenOdd.Split(input, packed.Slice(0, {half}), packed.Slice({half}, {half}));");
        }
        else if (layout.NeedsPacking)
        {
            writer.Line($"{Code.Span} packed = scratch.Slice(0, {layout.Length});");
            writer.Line($"{layer.MethodName}_Pack(input, packed);");
        }

        writer.Line($"ref float source = ref MemoryMarshal.GetReference({(layout.NeedsPacking ? "packed" : "input")});");
    }

    /// <summary>Offsets of the window's taps in row-major order, from the start of the window's first row.</summary>
    private static int[] Taps(LayerPlan layer, ConvLayout layout)
    {
        int k = layer.Kernel, halfWidth = layer.Input.Width / 2;
        return Enumerable.Range(0, k * k)
            .Select(t => SplitsWhole(layer)
                ? ((t % k % 2) * (layout.Length / 2)) + ((t / k) * halfWidth) + (t % k / 2)
                : layout.TapOffset(t / k, t % k, layer.Stride))
            .ToArray();
    }

    private static string Load(int v, string reference, string index) => $"Simd{v}.LoadUnsafe(ref {reference}, {index})";

    private static void Share(SourceWriter writer, int v, string index, string value, bool store) =>
        writer.Line(store
            ? $"Simd{v}.StoreUnsafe({value}, ref g0, {index});"
            : $"Simd{v}.StoreUnsafe({Load(v, "g0", index)} + {value}, ref g0, {index});");

    /// <summary>
    /// For every channel and output row, <c>row</c> (where its windows start in <c>source</c>) and <c>pixel</c> (its
    /// first output), then <paramref name="body"/> for each vector of the row: a loop of full ones, then the
    /// overlapping tail, which is flagged.
    /// </summary>
    private static void EachPixelVector(SourceWriter writer, LayerPlan layer, ConvLayout layout, int v, Action<string, bool> body)
    {
        Shape output = layer.Output;
        using (writer.Block($"for (int c = 0; c < {output.Channels}; c++)"))
        using (writer.Block($"for (int oy = 0; oy < {output.Height}; oy++)"))
        {
            int rowLength = SplitsWhole(layer) ? layer.Input.Width / 2 : layout.Phases * layout.PhaseWidth;
            writer.Line($"nuint row = (nuint)((c * {layout.Rows} + {Code.Affine("oy", layer.Stride, 0)}) * {rowLength});");
            writer.Line($"nuint pixel = (nuint)((c * {output.Height} + oy) * {output.Width});");
            if (output.Width >= v)
            {
                using (writer.Block($"for (nuint ox = 0; ox <= {output.Width - v}; ox += {v})"))
                {
                    body("ox", false);
                }
            }

            if (output.Width % v != 0)
            {
                using (writer.Block())
                {
                    body(Code.Int(output.Width - v), true);
                }
            }
        }
    }
}
