using System;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>
/// The Winograd F(2x2, 3x3) kernels of a 3x3, stride-1 convolution (<see cref="WinogradTiles"/>): the forward pass,
/// and the input gradient, which is the same computation on the output gradient with the kernels turned around.
/// Four steps, each a loop of its own in the generated code: the input transposed to a zero-padded [row, column,
/// channel] copy; per tile the input transform V = B^T d B on vectors of channels; per block of tiles and
/// position the products M = U V summed over channels, then the output transform A^T M A (plus the bias); the result
/// transposed back to CHW. The transforms of whole planes are methods of their own, named after the kernel and the
/// vector width, so the paths of one width (AVX-512 and AVX2 on 8 channels) and the forward pass and weight gradient
/// (the same V) share one copy.
/// </summary>
internal static class Conv2DWinogradEmitter
{
    /// <summary>
    /// Reads <c>input</c>, writes <c>output</c>; the scratch from its start. With <paramref name="pool"/>, the name of
    /// a bool in scope: where it is true, the ReLU and 2x2 MaxPool2D after the layer too
    /// (<see cref="LayerPlan.PoolsInInference"/>), each tile's maximum with the bias, at least zero, as the pool stores it.
    /// </summary>
    public static void EmitForward(SourceWriter writer, LayerPlan layer, VectorPath path, string? pool = null) =>
        Emit(writer, WinogradTiles.Forward(layer.Input, layer.Output, layer.Padding), ForwardName(layer), "input", "output", layer.WinogradForwardWeights, layer.BiasOffset, 0, path.Set, pool: pool);

    /// <summary>
    /// Reads <c>outputGradient</c>, writes <c>inputGradient</c>; the scratch from <paramref name="scratchOffset"/>. With
    /// <paramref name="pixelMajor"/>, the name of a [pixel, channel] copy of the output gradient already in scope (the
    /// weight gradient's, in lanes), the padded copy takes its rows from there instead of transposing them again:
    /// measured with the kernels benchmark on 2026-12-03 (AMD EPYC), the reference CNN's Conv2D(16) backward 9.73-9.80
    /// -> 8.74-8.76 us, ConvStack's 16 -> 32 layer 115 -> 113 us (the row-by-row transposes of 14 pixels cost more
    /// than the whole-plane one).
    /// </summary>
    public static void EmitInputGradient(SourceWriter writer, LayerPlan layer, int scratchOffset, VectorPath path, string? pixelMajor) =>
        Emit(writer, WinogradTiles.InputGradient(layer.Input, layer.Output, layer.Padding), $"{layer.MethodName}_InputGradient", "outputGradient", "inputGradient", layer.WinogradInputGradientWeights, -1, scratchOffset, path.Set, pixelMajor);

    /// <summary>
    /// The weight gradient, summed over the tiles: the forward pass is bilinear in the kernel g and the window d, so
    /// with the forward's B, A and G the gradient of g is G^T (sum over tiles of (A dy A^T) x (B^T d B)) G, the
    /// product position by position, 16 multiply-adds per input and output channel per tile instead of 36. Reads
    /// <c>input</c> and the [pixel, output channel] output gradient <paramref name="pixelMajor"/>; writes gT as
    /// [input channel, tap, output channel]; the scratch from <paramref name="scratch"/>.
    /// </summary>
    public static void EmitWeightGradient(SourceWriter writer, LayerPlan layer, int scratch, InstructionSet set, string pixelMajor)
    {
        var t = WinogradTiles.Forward(layer.Input, layer.Output, layer.Padding);
        writer.Line($"// Weight gradient by Winograd F(2x2, 3x3) over {t.TileRows}x{t.TileColumns} tiles: G^T (sum over tiles of A dy A^T x B^T d B) G.");
        using var scope = writer.Block();
        EmitTransformedInput(writer, t, ForwardName(layer), "input", scratch, set, null);
        EmitOutputGradientTransform(writer, t, $"{layer.MethodName}_WeightGradient", scratch, set, pixelMajor);

        // Full blocks of input channels, then the rest as a block of its own (no overlapping last block, as the forward may take).
        var block = WinogradBlock.For(t.Outputs, t.Channels, set);
        writer.Line($"ref float m0 = ref MemoryMarshal.GetReference(scratch.Slice({scratch + t.WeightProductOffset}, {t.WeightProductLength}));");
        BlockLoop.Emit(writer, "ic0", t.Channels, block.Tiles, "input channel(s)", count => EmitWeightProducts(writer, t, block, count));
        string weightTransform = $"{layer.MethodName}_WeightGradient_WeightTransform{block.Width}";
        writer.Line($"{weightTransform}(ref m0, ref gT);");
        writer.SharedMethod($"private static void {weightTransform}(ref float m0, ref float gT)", () => EmitWeightOutputTransform(writer, t, block.Width));
    }

    /// <summary>The forward kernel's name for its transforms; the weight gradient calls its input transform too.</summary>
    private static string ForwardName(LayerPlan layer) => $"{layer.MethodName}_Forward";

    private static void Emit(SourceWriter writer, WinogradTiles t, string kernel, string source, string destination, int weights, int biasOffset, int scratch, InstructionSet set, string? pixelMajor = null, string? pool = null)
    {
        writer.Line($"// Winograd F(2x2, 3x3): {t.TileRows}x{t.TileColumns} tiles of 2x2 outputs, each from a 4x4 window; channels in the vector lanes.");
        var block = WinogradBlock.For(t.Outputs, t.Tiles, set, pairTiles: t.ChannelStride % 16 == 0);
        EmitTransformedInput(writer, t, kernel, source, scratch, set, pixelMajor, block.Paired);
        writer.Line($"ref float u0 = ref {PackedWeightsEmitter.Reference(weights)}; // U packed as [position, channel, output channel]");
        writer.Line($"ref float m0 = ref MemoryMarshal.GetReference(scratch.Slice({scratch + t.ProductOffset}, {t.ProductLength}));");
        writer.Line($"{Code.Span} result = scratch.Slice({scratch + t.ResultOffset}, {t.ResultLength});");
        writer.Line("ref float y0 = ref MemoryMarshal.GetReference(result);");
        if (block.Paired)
        {
            BlockLoop.Emit(writer, "t0", t.PairedTiles, block.Tiles, "tile(s)", count =>
            {
                EmitPairedProducts(writer, t, count);
                EmitOutputTransform(writer, t, block.Width, biasOffset, count, pool, skipRepeat: t.Tiles != t.PairedTiles);
            });
        }
        else if (!block.Overlapping)
        {
            BlockLoop.Emit(writer, "t0", t.Tiles, block.Tiles, "tile(s)", count =>
            {
                EmitProducts(writer, t, block, count);
                EmitOutputTransform(writer, t, block.Width, biasOffset, count, pool);
            });
        }
        else
        {
            writer.Line($"// Blocks of {block.Tiles} tiles; the last starts at {t.Tiles - block.Tiles} and stores a few tiles of the one before again, the same values.");
            using (writer.Block($"for (int next = 0; next < {t.Tiles}; next += {block.Tiles})"))
            {
                writer.Line($"int t0 = global::System.Math.Min(next, {t.Tiles - block.Tiles});");
                EmitProducts(writer, t, block, block.Tiles);
                EmitOutputTransform(writer, t, block.Width, biasOffset, block.Tiles, pool);
            }
        }

        if (pool is not null)
        {
            using (writer.Block($"if ({pool})"))
            {
                writer.Line("// The [tile, channel] pooled result transposed to CHW.");
                writer.Line($"global::ModelGen.Internal.Transpose.Copy(result, {destination}, {t.Tiles}, {t.Outputs});");
                writer.Line("return;");
            }
        }

        writer.Line($"// The [row, column, channel] result{(t.NeedsCrop ? ", cropped to the output," : "")} transposed to CHW.");
        if (!t.NeedsCrop)
        {
            writer.Line($"global::ModelGen.Internal.Transpose.Copy(result, {destination}, {t.OutputHeight * t.OutputWidth}, {t.Outputs});");
            return;
        }

        using (writer.Block($"for (int y = 0; y < {t.OutputHeight}; y++)"))
        {
            writer.Line($"global::ModelGen.Internal.Transpose.Copy(result.Slice(y * {2 * t.TileColumns * t.Outputs}), {t.Outputs}, {destination}.Slice(y * {t.OutputWidth}), {t.OutputHeight * t.OutputWidth}, {t.OutputWidth}, {t.Outputs});");
        }
    }

    /// <summary>
    /// The zero-padded [row, column, channel] copy of <paramref name="source"/> (CHW, or the [pixel, channel] copy
    /// <paramref name="pixelMajor"/>) and its transform V, with refs pad0 and v0 to them.
    /// </summary>
    private static void EmitTransformedInput(SourceWriter writer, WinogradTiles t, string kernel, string source, int scratch, InstructionSet set, string? pixelMajor, bool paired = false)
    {
        int cs = t.ChannelStride, pc = t.PaddedColumns;
        writer.Line($"{Code.Span} padded = scratch.Slice({scratch}, {t.InputLength});");
        writer.Line("padded.Clear();");
        bool rowCopies = cs == t.Channels && (pixelMajor is not null || t.Height * t.Width * cs <= t.TransformedLength);
        if (rowCopies && pixelMajor is null)
        {
            // One transpose of the whole plane, then a copy per row: per-row transposes of narrow rows cost more (the
            // reference CNN's Conv2D(16) forward 3.99-4.20 -> 3.49-3.69 us, kernels benchmark, 2026-12-03, AMD EPYC).
            pixelMajor = "pixelMajor";
            writer.Line($"{Code.Span} {pixelMajor} = scratch.Slice({scratch + t.TransformedOffset}, {t.Height * t.Width * cs}); // where V goes next");
            writer.Line($"global::ModelGen.Internal.Transpose.Copy({source}, {pixelMajor}, {t.Channels}, {t.Height * t.Width});");
        }

        using (writer.Block($"for (int y = 0; y < {t.Height}; y++)"))
        {
            string row = $"padded.Slice(({Code.Affine("y", 1, t.Padding)}) * {pc * cs}{(t.Padding == 0 ? "" : $" + {t.Padding * cs}")})";
            writer.Line(rowCopies
                ? $"{pixelMajor}.Slice(y * {t.Width * cs}, {t.Width * cs}).CopyTo({row});"
                : $"global::ModelGen.Internal.Transpose.Copy({source}.Slice(y * {t.Width}), {t.Height * t.Width}, {row}, {cs}, {t.Channels}, {t.Width});");
        }

        writer.Line("ref float pad0 = ref MemoryMarshal.GetReference(padded);");
        writer.Line($"ref float v0 = ref MemoryMarshal.GetReference(scratch.Slice({scratch + t.TransformedOffset}, {t.TransformedLength}));");
        int w = InstructionSets.WidestDividing(set.MaxWidth(), cs);
        bool twoTiles = !paired && set == InstructionSet.Avx512 && cs == 8;
        string transform = paired ? $"{kernel}_InputTransformPairs" : twoTiles ? $"{kernel}_InputTransformTwoTiles8" : $"{kernel}_InputTransform{w}";
        writer.Line($"{transform}(ref pad0, ref v0);");
        writer.SharedMethod($"private static void {transform}(ref float pad0, ref float v0)", () =>
        {
            if (paired || twoTiles)
            {
                EmitTwoTileInputTransform(writer, t, interleaved: paired);
            }
            else
            {
                EmitInputTransform(writer, t, w);
            }
        });
    }

    /// <summary>
    /// V two tiles at a time (ModelGen.Internal.TilePairs): <paramref name="interleaved"/>, as [position, pair, channel,
    /// tile of the pair] for the paired products (<see cref="WinogradBlock.Paired"/>), 16 channels per call; otherwise
    /// in the usual layout from 8 channels on AVX-512, one tile in each half of a vector. An odd last tile pairs with
    /// itself and writes the spare tile V has room for.
    /// </summary>
    private static void EmitTwoTileInputTransform(SourceWriter writer, WinogradTiles t, bool interleaved)
    {
        int cs = t.ChannelStride, pc = t.PaddedColumns, tc = t.TileColumns;
        string Window(string tile) => $"ref Unsafe.Add(ref pad0, ({tile} / {tc} * {2 * pc} + {tile} % {tc} * 2) * {cs} + c)";
        writer.Line($"// Input transform, two tiles at a time{(t.Tiles != t.PairedTiles ? "; the last pair takes its one tile twice" : "")}.");
        using (writer.Block($"for (int a = 0; a < {t.Tiles}; a += 2)"))
        {
            writer.Line(t.Tiles != t.PairedTiles ? $"int b = global::System.Math.Min(a + 1, {t.Tiles - 1});" : "int b = a + 1;");
            using (writer.Block($"for (int c = 0; c < {cs}; c += {(interleaved ? 16 : 8)})"))
            {
                string call = interleaved ? "InputTransform" : "InputTransform8";
                writer.Line($"global::ModelGen.Internal.TilePairs.{call}({Window("a")}, {Window("b")}, {pc * cs}, {cs}, ref Unsafe.Add(ref v0, a * {cs} + c{(interleaved ? " * 2" : "")}), {t.PairedTiles * cs});");
            }
        }
    }

    /// <summary>V[position, tile, channel] = B^T d B for the 4x4 window d of each tile, on vectors of channels.</summary>
    private static void EmitInputTransform(SourceWriter writer, WinogradTiles t, int w)
    {
        int cs = t.ChannelStride, pc = t.PaddedColumns;
        writer.Line("// Input transform: B^T along each column of the window, then along each row.");
        using (writer.Block($"for (int ty = 0; ty < {t.TileRows}; ty++)"))
        using (writer.Block($"for (int tx = 0; tx < {t.TileColumns}; tx++)"))
        using (writer.Block($"for (int c = 0; c < {cs}; c += {w})"))
        {
            writer.Line($"nuint at = (nuint)((ty * {2 * pc} + tx * 2) * {cs} + c);");
            writer.Line($"nuint to = (nuint)((ty * {t.TileColumns} + tx) * {cs} + c);");
            for (int k = 0; k < 4; k++)
            {
                string D(int r) => $"Simd{w}.LoadUnsafe(ref pad0, at + {((r * pc) + k) * cs})";
                writer.Line($"Vec{w} d0{k} = {D(0)}, d1{k} = {D(1)}, d2{k} = {D(2)}, d3{k} = {D(3)};");
                writer.Line($"Vec{w} e0{k} = d0{k} - d2{k}, e1{k} = d1{k} + d2{k}, e2{k} = d2{k} - d1{k}, e3{k} = d1{k} - d3{k};");
            }

            for (int r = 0; r < 4; r++)
            {
                string[] values = [$"e{r}0 - e{r}2", $"e{r}1 + e{r}2", $"e{r}2 - e{r}1", $"e{r}1 - e{r}3"];
                for (int k = 0; k < 4; k++)
                {
                    writer.Line($"Simd{w}.StoreUnsafe({values[k]}, ref v0, to + {((r * 4) + k) * t.PairedTiles * cs});");
                }
            }
        }
    }

    /// <summary>
    /// The output gradient's transform, [position, tile, output channel] = A dy A^T for the 2x2 block dy of each tile,
    /// with A = [1 0; 1 1; 1 -1; 0 -1], on vectors of output channels; ref du0 to it. Tiles that reach past the
    /// output read a zero-padded copy.
    /// </summary>
    private static void EmitOutputGradientTransform(SourceWriter writer, WinogradTiles t, string kernel, int scratch, InstructionSet set, string pixelMajor)
    {
        int o = t.Outputs, row = 2 * t.TileColumns * o, w = InstructionSets.WidestDividing(set.MaxWidth(), o);
        string tiles = pixelMajor;
        if (t.NeedsCrop)
        {
            tiles = "croppedGradient";
            writer.Line($"{Code.Span} {tiles} = scratch.Slice({scratch + t.PaddedGradientOffset}, {t.ResultLength});");
            writer.Line($"{tiles}.Clear();");
            using (writer.Block($"for (int y = 0; y < {t.OutputHeight}; y++)"))
            {
                writer.Line($"{pixelMajor}.Slice(y * {t.OutputWidth * o}, {t.OutputWidth * o}).CopyTo({tiles}.Slice(y * {row}));");
            }
        }

        writer.Line($"ref float dt0 = ref MemoryMarshal.GetReference({tiles});");
        writer.Line($"ref float du0 = ref MemoryMarshal.GetReference(scratch.Slice({scratch + t.TransformedGradientOffset}, {t.TransformedGradientLength}));");
        string transform = $"{kernel}_OutputGradientTransform{w}";
        writer.Line($"{transform}(ref dt0, ref du0);");
        writer.SharedMethod($"private static void {transform}(ref float dt0, ref float du0)", () => EmitOutputGradientTransform(writer, t, w));
    }

    private static void EmitOutputGradientTransform(SourceWriter writer, WinogradTiles t, int w)
    {
        int o = t.Outputs, row = 2 * t.TileColumns * o;
        writer.Line("// Output gradient transform: A along each column of the 2x2 block, then along each row.");
        using (writer.Block($"for (int ty = 0; ty < {t.TileRows}; ty++)"))
        using (writer.Block($"for (int tx = 0; tx < {t.TileColumns}; tx++)"))
        using (writer.Block($"for (int oc = 0; oc < {o}; oc += {w})"))
        {
            writer.Line($"nuint at = (nuint)(ty * {2 * row} + tx * {2 * o} + oc);");
            writer.Line($"nuint to = (nuint)((ty * {t.TileColumns} + tx) * {o} + oc);");
            for (int k = 0; k < 2; k++)
            {
                writer.Line($"Vec{w} d0{k} = Simd{w}.LoadUnsafe(ref dt0, at + {k * o}), d1{k} = Simd{w}.LoadUnsafe(ref dt0, at + {row + (k * o)});");
                writer.Line($"Vec{w} e0{k} = d0{k}, e1{k} = d0{k} + d1{k}, e2{k} = d0{k} - d1{k}, e3{k} = -d1{k};");
            }

            for (int r = 0; r < 4; r++)
            {
                string[] values = [$"e{r}0", $"e{r}0 + e{r}1", $"e{r}0 - e{r}1", $"-e{r}1"];
                for (int k = 0; k < 4; k++)
                {
                    writer.Line($"Simd{w}.StoreUnsafe({values[k]}, ref du0, to + {((r * 4) + k) * t.Tiles * o});");
                }
            }
        }
    }

    /// <summary>
    /// M[position, input channel, output channel] = sum over tiles of (A dy A^T)[position, tile, output channel] x
    /// V[position, tile, input channel], for the block's input channels from ic0: the forward products with tiles and
    /// channels trading places, so the same register block (<see cref="WinogradBlock"/>, its tiles being input channels here).
    /// </summary>
    private static void EmitWeightProducts(SourceWriter writer, WinogradTiles t, WinogradBlock block, int count)
    {
        int w = block.Width, cs = t.ChannelStride, o = t.Outputs;
        EmitBlockProducts(
            writer,
            block,
            count,
            o,
            $"// Products: {count} input channel(s) x {block.Vectors} vector(s) of {w} output channels per step, summed over the tiles, for each of the 16 positions.",
            [$"nuint gradient = (nuint)(pos * {t.Tiles * o} + oc);", $"nuint inputs = (nuint)(pos * {t.PairedTiles * cs} + ic0);"],
            $"for (int tile = 0; tile < {t.Tiles}; tile++)",
            "u",
            q => $"Simd{w}.LoadUnsafe(ref du0, gradient + (nuint)(tile * {o}){(q == 0 ? "" : $" + {q * w}")})",
            j => $"Unsafe.Add(ref v0, inputs + (nuint)(tile * {cs}){(j == 0 ? "" : $" + {j}")})",
            (j, q) => $"(nuint)((pos * {t.Channels} + ic0 + {j}) * {o} + oc{(q == 0 ? "" : $" + {q * w}")})");
    }

    /// <summary>
    /// Each input channel's 3x3 taps, G^T M G with G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1], on vectors of output
    /// channels, into gT ([input channel, tap, output channel]).
    /// </summary>
    private static void EmitWeightOutputTransform(SourceWriter writer, WinogradTiles t, int w)
    {
        int o = t.Outputs, position = t.Channels * o;
        writer.Line("// Weight output transform: G^T along each column of M, then along each row.");
        using (writer.Block($"for (int ic = 0; ic < {t.Channels}; ic++)"))
        using (writer.Block($"for (int oc = 0; oc < {o}; oc += {w})"))
        {
            writer.Line($"nuint at = (nuint)(ic * {o} + oc), to = (nuint)(ic * {9 * o} + oc);");
            for (int k = 0; k < 4; k++)
            {
                string M(int r) => $"Simd{w}.LoadUnsafe(ref m0, at + {((r * 4) + k) * position})";
                writer.Line($"Vec{w} m0{k} = {M(0)}, m1{k} = {M(1)}, m2{k} = {M(2)}, m3{k} = {M(3)};");
                writer.Line($"Vec{w} half{k} = (m1{k} + m2{k}) * 0.5f;");
                writer.Line($"Vec{w} s0{k} = m0{k} + half{k}, s1{k} = (m1{k} - m2{k}) * 0.5f, s2{k} = half{k} + m3{k};");
            }

            for (int r = 0; r < 3; r++)
            {
                writer.Line($"Vec{w} rowHalf{r} = (s{r}1 + s{r}2) * 0.5f;");
                writer.Line($"Simd{w}.StoreUnsafe(s{r}0 + rowHalf{r}, ref gT, to + {(r * 3) * o});");
                writer.Line($"Simd{w}.StoreUnsafe((s{r}1 - s{r}2) * 0.5f, ref gT, to + {((r * 3) + 1) * o});");
                writer.Line($"Simd{w}.StoreUnsafe(rowHalf{r} + s{r}3, ref gT, to + {((r * 3) + 2) * o});");
            }
        }
    }

    /// <summary>M[position, tile of the block, output channel] = sum over channels of U[position, channel, output channel] x V[position, tile, channel].</summary>
    private static void EmitProducts(SourceWriter writer, WinogradTiles t, WinogradBlock block, int count)
    {
        int w = block.Width, cs = t.ChannelStride;
        EmitBlockProducts(
            writer,
            block,
            count,
            t.Outputs,
            $"// Products: {count} tile(s) x {block.Vectors} vector(s) of {w} output channels per step, for each of the 16 positions.",
            [$"nuint weights = (nuint)(pos * {t.Channels * t.Outputs} + oc);", $"nuint tiles = (nuint)((pos * {t.PairedTiles} + t0) * {cs});"],
            $"for (int c = 0; c < {t.Channels}; c++)",
            "w",
            q => $"Simd{w}.LoadUnsafe(ref u0, weights + (nuint)(c * {t.Outputs}){(q == 0 ? "" : $" + {q * w}")})",
            j => $"Unsafe.Add(ref v0, tiles + (nuint)c{(j == 0 ? "" : $" + {j * cs}")})",
            (j, q) => $"(nuint)(pos * {WinogradTiles.MaxBlockTiles * t.Outputs} + oc + {(j * t.Outputs) + (q * w)})");
    }

    /// <summary>
    /// The products of <see cref="WinogradBlock.Paired"/>: per step a vector of each output channel's weight twice
    /// and, per pair of tiles, a broadcast pair of transformed inputs; each pair's two tiles separated into M.
    /// </summary>
    private static void EmitPairedProducts(SourceWriter writer, WinogradTiles t, int count)
    {
        int cs = t.ChannelStride, o = t.Outputs;
        writer.Line($"// Products: {count} tiles, two in each vector of 16 (8 output channels twice), for each of the 16 positions.");
        using (writer.Block("for (int pos = 0; pos < 16; pos++)"))
        {
            for (int j = 0; j < count / 2; j++)
            {
                writer.Line($"Vec16 a{j} = Vec16.Zero;");
            }

            writer.Line($"nuint weights = (nuint)(pos * {t.Channels * o});");
            writer.Line($"nuint pairs = (nuint)((pos * {t.PairedTiles} + t0) * {cs});");
            using (writer.Block($"for (int c = 0; c < {t.Channels}; c++)"))
            {
                writer.Line($"Vec16 w = global::ModelGen.Internal.TilePairs.Duplicate(Simd8.LoadUnsafe(ref u0, weights + (nuint)(c * {o})));");
                for (int j = 0; j < count / 2; j++)
                {
                    writer.Line($"a{j} = Simd16.FusedMultiplyAdd(w, global::ModelGen.Internal.TilePairs.Broadcast(ref v0, pairs + (nuint)(c * 2){(j == 0 ? "" : $" + {j * 2 * cs}")}), a{j});");
                }
            }

            for (int j = 0; j < count / 2; j++)
            {
                writer.Line($"Simd16.StoreUnsafe(global::ModelGen.Internal.TilePairs.Separate(a{j}), ref m0, (nuint)(pos * {WinogradTiles.MaxBlockTiles * o} + {j * 2 * o}));");
            }
        }
    }

    /// <summary>
    /// The register block of both products, for each of the 16 positions and each group of output-channel vectors:
    /// <paramref name="count"/> x <see cref="WinogradBlock.Vectors"/> accumulators, over the <paramref name="reduction"/>
    /// loop each vector loaded once (<paramref name="load"/>, named <paramref name="vector"/>0, 1, ...) and multiplied by each of <paramref name="count"/>
    /// broadcast values (<paramref name="broadcast"/>), then stored into m0 at <paramref name="store"/>.
    /// </summary>
    private static void EmitBlockProducts(
        SourceWriter writer, WinogradBlock block, int count, int outputs, string comment, string[] offsets, string reduction,
        string vector, Func<int, string> load, Func<int, string> broadcast, Func<int, int, string> store)
    {
        int w = block.Width;
        string Accumulator(int j, int q) => $"a{j}_{q}";
        writer.Line(comment);
        using (writer.Block("for (int pos = 0; pos < 16; pos++)"))
        using (writer.Block($"for (int oc = 0; oc < {outputs}; oc += {block.Vectors * w})"))
        {
            for (int j = 0; j < count; j++)
            {
                for (int q = 0; q < block.Vectors; q++)
                {
                    writer.Line($"Vec{w} {Accumulator(j, q)} = Vec{w}.Zero;");
                }
            }

            foreach (string offset in offsets)
            {
                writer.Line(offset);
            }

            using (writer.Block(reduction))
            {
                for (int q = 0; q < block.Vectors; q++)
                {
                    writer.Line($"Vec{w} {vector}{q} = {load(q)};");
                }

                for (int j = 0; j < count; j++)
                {
                    string x = $"Simd{w}.Create({broadcast(j)})";
                    if (block.Vectors > 1)
                    {
                        writer.Line($"Vec{w} x{j} = {x};");
                        x = $"x{j}";
                    }

                    for (int q = 0; q < block.Vectors; q++)
                    {
                        writer.Line($"{Accumulator(j, q)} = Simd{w}.FusedMultiplyAdd({vector}{q}, {x}, {Accumulator(j, q)});");
                    }
                }
            }

            for (int j = 0; j < count; j++)
            {
                for (int q = 0; q < block.Vectors; q++)
                {
                    writer.Line($"Simd{w}.StoreUnsafe({Accumulator(j, q)}, ref m0, {store(j, q)});");
                }
            }
        }
    }

    /// <summary>
    /// The block's 2x2 outputs per tile, A^T M A, into the [row, column, channel] result; or, where the bool named
    /// <paramref name="pool"/> is true, their maximum, at least zero, into the [tile, channel] result (the pool's order
    /// of maxima, so the same values).
    /// </summary>
    private static void EmitOutputTransform(SourceWriter writer, WinogradTiles t, int w, int biasOffset, int count, string? pool = null, bool skipRepeat = false)
    {
        int row = 2 * t.TileColumns * t.Outputs, position = WinogradTiles.MaxBlockTiles * t.Outputs;
        writer.Line($"// Output transform: A^T along each row of M, then along each column{(biasOffset >= 0 ? ", plus the bias" : "")}{(pool is null ? "" : $"; with {pool}, the ReLU and MaxPool2D after the layer")}{(skipRepeat ? $"; tile {t.Tiles} is the last pair's repeat" : "")}.");
        using (writer.Block($"for (int j = 0; j < {count}{(skipRepeat ? $" && t0 + j < {t.Tiles}" : "")}; j++)"))
        {
            writer.Line($"int ty = (t0 + j) / {t.TileColumns}, tx = (t0 + j) % {t.TileColumns};");
            writer.Line($"nuint to = (nuint)(ty * {2 * row} + tx * {2 * t.Outputs});");
            using (writer.Block($"for (int oc = 0; oc < {t.Outputs}; oc += {w})"))
            {
                writer.Line($"nuint at = (nuint)(j * {t.Outputs} + oc);");
                for (int r = 0; r < 4; r++)
                {
                    string M(int k) => $"Simd{w}.LoadUnsafe(ref m0, at + {((r * 4) + k) * position})";
                    writer.Line($"Vec{w} m{r}1 = {M(1)}, m{r}2 = {M(2)};");
                    writer.Line($"Vec{w} s{r}0 = {M(0)} + m{r}1 + m{r}2, s{r}1 = m{r}1 - m{r}2 - {M(3)};");
                }

                string bias = "";
                if (biasOffset >= 0)
                {
                    writer.Line($"Vec{w} bias = Simd{w}.LoadUnsafe(ref parameters, (nuint)({biasOffset} + oc));");
                    bias = " + bias";
                }

                // The tile's outputs in the pool's order: top left, top right, bottom left, bottom right.
                string[] outputs = { $"s00 + s10 + s20{bias}", $"s01 + s11 + s21{bias}", $"s10 - s20 - s30{bias}", $"s11 - s21 - s31{bias}" };
                if (pool is not null)
                {
                    string best = $"Simd{w}.Max(Simd{w}.Max(Simd{w}.Max({outputs[0]}, {outputs[1]}), {outputs[2]}), {outputs[3]})";
                    using (writer.Block($"if ({pool})"))
                    {
                        writer.Line($"Simd{w}.StoreUnsafe(Simd{w}.Max({best}, Vec{w}.Zero), ref y0, (nuint)((t0 + j) * {t.Outputs} + oc));");
                        writer.Line("continue;");
                    }
                }

                int[] offsets = { 0, t.Outputs, row, row + t.Outputs };
                for (int i = 0; i < 4; i++)
                {
                    writer.Line($"Simd{w}.StoreUnsafe({outputs[i]}, ref y0, to + (nuint)oc{(offsets[i] == 0 ? "" : $" + {offsets[i]}")});");
                }
            }
        }
    }
}
