using System;
using ModelGen.Generator.Parsing;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>
/// SIMD 2x2 stride-2 MaxPool2D and AvgPool2D straight from the CHW input: a vector of output pixels reads two vectors
/// of each of its two input rows and splits them into even and odd columns in registers (ModelGen.Internal.Pairs), so
/// the four window taps are four vectors with no split copy of the input; backward interleaves the taps' shares back
/// into two vectors per row and stores them in the input gradient. Max pooling replays the forward choice with
/// <see cref="Pool2DVectorEmitter.EmitMaxChoice"/> (the first maximum in row-major order wins, NaN always). A row's tail is a last
/// vector that overlaps the one before and stores the same values again, as the windows do not overlap: the same
/// code, its start clamped to the row's end. Rows narrower than the vectors take one each (see EachPixelVector).
/// </summary>
internal static class Pool2DPairEmitter
{
    public static bool Applies(LayerPlan layer) => KernelPlanner.PoolSplitsInRegisters(layer.Input, layer.Kernel, layer.Stride);

    public static void EmitForward(SourceWriter writer, LayerPlan layer, int v)
    {
        bool max = layer.Kind == LayerKind.MaxPool2D;
        writer.Line("ref float x0 = ref MemoryMarshal.GetReference(input);");
        writer.Line("ref float y0 = ref MemoryMarshal.GetReference(output);");
        EachPixelVector(writer, layer, v, (v, x) =>
        {
            EmitTaps(writer, layer, v, x);
            if (max)
            {
                // Vector Max, like the scalar pool, lets NaN win; taps in the scalar pool's order.
                string best = $"Simd{v}.Max(Simd{v}.Max(Simd{v}.Max(tap0, tap1), tap2), tap3)";
                writer.Line($"Vec{v} best = {(layer.AppliesReluBefore ? $"Simd{v}.Max({best}, Vec{v}.Zero)" : best)};{(layer.AppliesReluBefore ? " // and the ReLU before" : "")}");
                writer.Line($"Simd{v}.StoreUnsafe(best, ref y0, {Pixel(x)});");
            }
            else
            {
                // Summed from zero in the scalar path's order, then divided: the same roundings.
                writer.Line($"Simd{v}.StoreUnsafe((Vec{v}.Zero + tap0 + tap1 + tap2 + tap3) / 4f, ref y0, {Pixel(x)});");
            }
        });
    }

    public static void EmitBackward(SourceWriter writer, LayerPlan layer, int v)
    {
        bool max = layer.Kind == LayerKind.MaxPool2D;
        if (layer.Input.Height != 2 * layer.Output.Height)
        {
            writer.Line("inputGradient.Clear(); // the last input row is in no window");
        }

        writer.Line("ref float x0 = ref MemoryMarshal.GetReference(input);");
        writer.Line("ref float g0 = ref MemoryMarshal.GetReference(inputGradient);");
        writer.Line("ref float dy0 = ref MemoryMarshal.GetReference(outputGradient);");
        EachPixelVector(writer, layer, v, (v, x) =>
        {
            writer.Line($"Vec{v} dy = Simd{v}.LoadUnsafe(ref dy0, {Pixel(x)});");
            if (!max)
            {
                writer.Line($"Vec{v} share = dy / 4f;");
                StoreShares(writer, layer, v, x, "share", "share", "share", "share");
                return;
            }

            EmitTaps(writer, layer, v, x);
            string[] shares = Pool2DVectorEmitter.EmitMaxChoice(writer, layer, v, 4, t => $"tap{t}", declare: false);
            for (int t = 0; t < 4; t++)
            {
                writer.Line($"Vec{v} share{t} = {shares[t]};");
            }

            StoreShares(writer, layer, v, x, "share0", "share1", "share2", "share3");
        });
    }

    /// <summary>tap0..tap3: the window's top-left, top-right, bottom-left and bottom-right inputs of each output lane.</summary>
    private static void EmitTaps(SourceWriter writer, LayerPlan layer, int v, string? x)
    {
        for (int r = 0; r < 2; r++)
        {
            string at = InputAt(layer, r, x);
            writer.Line($"Vec{v} lower{r} = Simd{v}.LoadUnsafe(ref x0, {at});");
            writer.Line($"Vec{v} upper{r} = Simd{v}.LoadUnsafe(ref x0, {at} + {v});");
            writer.Line($"Vec{v} tap{2 * r} = Pairs.Even(lower{r}, upper{r});");
            writer.Line($"Vec{v} tap{(2 * r) + 1} = Pairs.Odd(lower{r}, upper{r});");
        }
    }

    private static void StoreShares(SourceWriter writer, LayerPlan layer, int v, string? x, params string[] shares)
    {
        for (int r = 0; r < 2; r++)
        {
            string at = InputAt(layer, r, x);
            string even = shares[2 * r], odd = shares[(2 * r) + 1];
            writer.Line($"Simd{v}.StoreUnsafe(Pairs.InterleaveLower({even}, {odd}), ref g0, {at});");
            writer.Line($"Simd{v}.StoreUnsafe(Pairs.InterleaveUpper({even}, {odd}), ref g0, {at} + {v});");
        }
    }

    /// <summary>Where the first vector of input row <paramref name="r"/> (0 or 1) of the window row at output column <paramref name="x"/> (null: 0) begins.</summary>
    private static string InputAt(LayerPlan layer, int r, string? x) =>
        "row" + (r == 0 ? "" : $" + {layer.Input.Width}") + (x is null ? "" : $" + 2 * {x}");

    private static string Pixel(string? x) => x is null ? "pixel" : $"pixel + {x}";

    /// <summary>
    /// For every channel and output row, <c>row</c> (its first input row in CHW) and <c>pixel</c> (its first output),
    /// then <paramref name="body"/> (a width and an output column, null for 0) for each vector of the row, the last
    /// one moved back to end with the row: it overlaps the one before and stores the same values again, so one body
    /// serves both (half the code). Rows narrower than the vectors (<see cref="KernelPlanner.PoolRowsInOneVector"/>)
    /// take one vector each, whose last lanes spill into the next row and are overwritten when it is written; the
    /// last row takes vectors of half the width.
    /// </summary>
    private static void EachPixelVector(SourceWriter writer, LayerPlan layer, int v, Action<int, string?> body)
    {
        Shape input = layer.Input, output = layer.Output;
        if (output.Width < v)
        {
            int rows = output.Channels * output.Height;
            using (writer.Block($"for (nuint r = 0; r < {rows - 1}; r++)"))
            {
                writer.Line($"nuint row = r * {2 * input.Width};");
                writer.Line($"nuint pixel = r * {output.Width};");
                body(v, null);
            }

            using (writer.Block())
            {
                writer.Line($"// The last row, in vectors of {v / 2}: one of {v} would run past the end.");
                writer.Line($"const nuint row = {(rows - 1) * 2 * input.Width};");
                writer.Line($"const nuint pixel = {(rows - 1) * output.Width};");
                EachRowVector(writer, output.Width, v / 2, body);
            }

            return;
        }

        using (writer.Block($"for (int c = 0; c < {output.Channels}; c++)"))
        using (writer.Block($"for (int oy = 0; oy < {output.Height}; oy++)"))
        {
            writer.Line($"nuint row = (nuint)((c * {input.Height} + oy * 2) * {input.Width});");
            writer.Line($"nuint pixel = (nuint)((c * {output.Height} + oy) * {output.Width});");
            EachRowVector(writer, output.Width, v, body);
        }
    }

    private static void EachRowVector(SourceWriter writer, int width, int v, Action<int, string?> body)
    {
        if (width % v == 0)
        {
            using (writer.Block($"for (nuint ox = 0; ox < {width}; ox += {v})"))
            {
                body(v, "ox");
            }

            return;
        }

        using (writer.Block($"for (nuint next = 0; next < {width}; next += {v})"))
        {
            writer.Line($"nuint ox = global::System.Math.Min(next, {width - v});");
            body(v, "ox");
        }
    }
}
