namespace ModelGen.Generator.Planning;

/// <summary>
/// A 3x3, stride-1 convolution computed with Winograd's F(2x2, 3x3) (Lavin and Gray, 2015): the output is cut into
/// tiles of 2x2 pixels, each read from a 4x4 window of the padded input. Per tile the window is transformed (V =
/// B^T d B, additions only), multiplied position by position with the transformed weights (U = G g G^T, kept in the
/// packed copy of the weights), summed over input channels, and transformed back (A^T M A, additions only): 16
/// multiply-adds per input and output channel for 4 outputs instead of 36. The kernels keep channels in the vector
/// lanes: the input is transposed to [row, column, channel] (padded), the transforms run on vectors of input channels,
/// the products on vectors of output channels (<see cref="WinogradBlock"/>), and the [row, column, channel] result is
/// transposed back to CHW. The same kernel computes the input gradient of such a layer: the convolution of the output
/// gradient, padded by 2 - padding, with each kernel turned by 180 degrees and the channels swapped.
/// <para>
/// Measured with the winograd probe (tests/ModelGen.Benchmarks/WinogradProbe.cs) on 2026-12-02 (AMD EPYC, AVX-512),
/// medians: on the reference CNN's Conv2D(16, 3, Padding = 1) over 8x14x14, the direct kernel 5.2 us, a hand-written
/// F(2x2, 3x3) with the 7 tiles of a tile row in the lanes 6.3 us (splitting the input into even and odd columns cost
/// 2 us, the 7-in-8 lanes an eighth of the products), with channels in the lanes 3.9 us (products 2.0 us at 87 % of
/// the FMA peak, transposes and transforms 1.9 us); the generated kernel 4.2 us. Where it applies is set by
/// <see cref="MinimumChannelProduct"/> and <see cref="MinimumWidth"/>. F(4x4, 3x3) would save a further third of
/// the products, with transforms three times as long and rounding errors around 10x larger; not tried.
/// </para>
/// </summary>
internal readonly record struct WinogradTiles(int Channels, int Height, int Width, int Padding, int Outputs, int OutputHeight, int OutputWidth)
{
    /// <summary>
    /// Input channels x output channels below which the transforms and transposes, which grow with the channels and
    /// not with their product, cost more than the products save. Measured on 2026-12-02 (median / p10 of one call,
    /// Winograd against the direct kernel): 4 -> 16 channels at 14x14 (64) 3.0 / 2.9 us against 2.6 / 2.5; 16 -> 8 at
    /// 14x14 (128) 5.1 / 5.0 against 5.5 / 5.2; 8 -> 16 at 14x14 (128) 4.2 / 4.0 against 5.2 / 4.9; 16 -> 32 at
    /// 28x28 49 / 44 against 76 / 73; 32 -> 64 at 14x14 45 / 44 against 77 / 74.
    /// </summary>
    public const int MinimumChannelProduct = 128;

    /// <summary>
    /// Rows narrower than this run the direct kernels in channel lanes (<see cref="NarrowRowLanes"/>), which measured as
    /// fast: 16 -> 16 channels at 7x7, whose 4x4 tiles compute 64 outputs for 49, 2.8 / 2.8 us against 2.9 / 2.6.
    /// </summary>
    public const int MinimumWidth = 8;

    /// <summary>The widest M block the planner may pick; scratch is sized for it.</summary>
    public const int MaxBlockTiles = 12;

    public int TileRows => (OutputHeight + 1) / 2;

    public int TileColumns => (OutputWidth + 1) / 2;

    public int Tiles => TileRows * TileColumns;

    /// <summary>The tiles rounded up to pairs: V has room for the paired products' layout (<see cref="WinogradBlock.Paired"/>).</summary>
    public int PairedTiles => RoundedToPairs(Tiles);

    public static int RoundedToPairs(int tiles) => (tiles + 1) / 2 * 2;

    /// <summary>Rows and columns of the zero-padded [row, column, channel] input: the tiles' windows and the input itself.</summary>
    public int PaddedRows => (2 * TileRows) + 2;

    public int PaddedColumns => (2 * TileColumns) + 2;

    /// <summary>Floats per pixel of the padded input: the channels rounded up to a multiple of 4, the narrowest vector.</summary>
    public int ChannelStride => (Channels + 3) / 4 * 4;

    public int InputLength => PaddedRows * PaddedColumns * ChannelStride;

    /// <summary>V: [position, tile, channel], or [position, pair, channel, tile of the pair].</summary>
    public int TransformedLength => 16 * PairedTiles * ChannelStride;

    /// <summary>M of one block of tiles: [position, tile of the block, output channel].</summary>
    public int ProductLength => 16 * MaxBlockTiles * Outputs;

    /// <summary>The result as [2 x tile rows, 2 x tile columns, output channel], before it is cropped and transposed to CHW.</summary>
    public int ResultLength => 4 * Tiles * Outputs;

    public int TransformedOffset => InputLength;

    public int ProductOffset => TransformedOffset + TransformedLength;

    public int ResultOffset => ProductOffset + ProductLength;

    public int ScratchLength => ResultOffset + ResultLength;

    /// <summary>The weight gradient's transformed output gradient (A dy A^T): [position, tile, output channel], after V.</summary>
    public int TransformedGradientLength => 16 * Tiles * Outputs;

    public int TransformedGradientOffset => TransformedOffset + TransformedLength;

    /// <summary>The weight gradient's products summed over the tiles: [position, input channel, output channel].</summary>
    public int WeightProductLength => 16 * Channels * Outputs;

    public int WeightProductOffset => TransformedGradientOffset + TransformedGradientLength;

    /// <summary>Where the weight gradient copies an output gradient that the tiles overhang, zero-padded to <see cref="ResultLength"/>.</summary>
    public int PaddedGradientOffset => WeightProductOffset + WeightProductLength;

    public int WeightGradientScratchLength => PaddedGradientOffset + (NeedsCrop ? ResultLength : 0);

    /// <summary>Floats of transformed weights: 16 positions per pair of channels.</summary>
    public int WeightLength => 16 * Channels * Outputs;

    public bool NeedsCrop => 2 * TileRows != OutputHeight || 2 * TileColumns != OutputWidth;

    /// <summary>The forward pass: output channels in lanes, so in multiples of 4.</summary>
    public static bool AppliesToForward(Shape input, Shape output, int kernel, int stride) =>
        kernel == 3 && stride == 1 && output.Channels % 4 == 0 && output.Width >= MinimumWidth && (double)input.Channels * output.Channels >= MinimumChannelProduct;

    /// <summary>The input gradient: input channels in lanes; the flipped kernel needs padding of at most 2.</summary>
    public static bool AppliesToInputGradient(Shape input, Shape output, int kernel, int stride, int padding) =>
        kernel == 3 && stride == 1 && padding <= 2 && input.Channels % 4 == 0 && input.Width >= MinimumWidth && (double)input.Channels * output.Channels >= MinimumChannelProduct;

    public static WinogradTiles Forward(Shape input, Shape output, int padding) =>
        new(input.Channels, input.Height, input.Width, padding, output.Channels, output.Height, output.Width);

    public static WinogradTiles InputGradient(Shape input, Shape output, int padding) =>
        new(output.Channels, output.Height, output.Width, 2 - padding, input.Channels, input.Height, input.Width);

    /// <summary>
    /// The weight gradient (forward tiles, output channels in lanes): where the forward pass runs Winograd and the
    /// output gradient is transposed to [pixel, output channel] for it (<see cref="ChannelLaneBlock"/>).
    /// </summary>
    public static bool AppliesToWeightGradient(Shape input, Shape output, int kernel, int stride) =>
        AppliesToForward(input, output, kernel, stride) && ChannelLaneBlock.Applies(input, output, kernel);

    /// <summary><see cref="WeightGradientScratchLength"/> computed without overflow (an upper bound), for the planner's size limit.</summary>
    public static double WeightGradientLengthOf(int channels, int outputs, int outputHeight, int outputWidth)
    {
        double tiles = System.Math.Ceiling(outputHeight / 2.0) * System.Math.Ceiling(outputWidth / 2.0);
        return LengthOf(channels, outputs, outputHeight, outputWidth) + (16.0 * tiles * outputs) + (16.0 * channels * outputs);
    }

    /// <summary><see cref="ScratchLength"/> computed without overflow, for the planner's size limit.</summary>
    public static double LengthOf(int channels, int outputs, int outputHeight, int outputWidth)
    {
        double rows = System.Math.Ceiling(outputHeight / 2.0), columns = System.Math.Ceiling(outputWidth / 2.0);
        double stride = System.Math.Ceiling(channels / 4.0) * 4;
        return (((2 * rows) + 2) * ((2 * columns) + 2) * stride) + (16 * ((rows * columns) + 1) * stride) + (16.0 * MaxBlockTiles * outputs) + (4 * rows * columns * outputs);
    }
}

/// <summary>
/// The register block of the Winograd products: per position, <see cref="Tiles"/> tiles x <see cref="Vectors"/>
/// vectors of <see cref="Width"/> output channels, one accumulator each; per input channel it loads a vector of
/// transformed weights per output vector and broadcasts each tile's transformed input value. The block has the fewest
/// loads per multiply-add among those that leave a vector register for each weight vector and the broadcast: 16 on
/// AVX2, 32 on AVX-512 and NEON.
/// </summary>
internal readonly record struct WinogradBlock(int Width, int Vectors, int Tiles, bool Overlapping = false, bool Paired = false)
{
    /// <summary>
    /// Where the blocks do not divide the tiles, they are made the same size, the last one starting early and
    /// recomputing a few tiles of the one before (one body in the source, see Conv2DWinogradEmitter), if that repeats
    /// at most one tile in <see cref="OverlapLimit"/>. The reference CNN's 49 tiles go in 5 blocks of 10, where 4 of
    /// 12 left a block of one tile, whose single chain of multiply-adds per position waits on each one's latency, in a
    /// second body of the source: measured with the kernels benchmark on 2026-12-03 (AMD EPYC, p10 of two runs), its
    /// Conv2D(16) forward 3.89-4.07 us against 3.93-3.95 and backward 9.72-9.75 against 9.77-9.82, as fast, with
    /// its snapshot's source 296 -> 283 KB. ConvStack's 16 -> 32 layer (196 tiles in blocks of 12, which would
    /// recompute 8) measured 3 % slower forward with the overlap, so it keeps its block of the last 4.
    /// </summary>
    public const int OverlapLimit = 40;

    public static WinogradBlock For(int outputs, int tiles, InstructionSet set, bool pairTiles = false)
    {
        int width = InstructionSets.WidestDividing(set.MaxWidth(), outputs), vectors = outputs / width;
        int registers = set == InstructionSet.Avx2 ? 16 : 32;
        var best = new WinogradBlock(width, 1, 1);
        double bestLoads = double.MaxValue;
        for (int q = 1; q <= System.Math.Min(vectors, 4); q++)
        {
            if (vectors % q != 0)
            {
                continue;
            }

            int count = System.Math.Min(System.Math.Min((registers - q - 2) / q, WinogradTiles.MaxBlockTiles), tiles);
            double loads = (double)(q + count) / (q * count);
            if (count > 0 && loads < bestLoads - 1e-9)
            {
                (best, bestLoads) = (new WinogradBlock(width, q, count), loads);
            }
        }

        if (pairTiles && set == InstructionSet.Avx512 && best.Vectors == 1 && 2 * width == set.MaxWidth())
        {
            return PairedBlock(best, WinogradTiles.RoundedToPairs(tiles));
        }

        int blocks = (tiles + best.Tiles - 1) / best.Tiles, even = (tiles + blocks - 1) / blocks;
        return tiles % best.Tiles != 0 && ((blocks * even) - tiles) * OverlapLimit <= tiles ? best with { Tiles = even, Overlapping = tiles % even != 0 } : best;
    }

    /// <summary>
    /// Two tiles per vector where the output channels fill half of one (8 on AVX-512): the products' multiply-adds
    /// then fill the FMA units' width, with a 64-bit broadcast of a pair of transformed inputs and the weights
    /// duplicated lane by lane (ModelGen.Internal.TilePairs). Blocks are whole pairs over the tiles rounded up to
    /// pairs, equal where an even size divides them, and never overlap (a block must start on a pair). Measured with
    /// a hand-written copy of the reference CNN's Conv2D(16) input-gradient products on 2026-12-08 (AMD EPYC,
    /// AVX-512, best of 7): 8 channels in 8-float vectors 2.13-2.20 us, pairs in blocks of 10 tiles 1.33 us (plus
    /// 0.64 us for a separate pass interleaving V, which is why the input transform stores the pairs itself).
    /// </summary>
    private static WinogradBlock PairedBlock(WinogradBlock best, int pairedTiles)
    {
        int most = best.Tiles / 2 * 2, blocks = (pairedTiles + most - 1) / most, even = ((pairedTiles / 2) + blocks - 1) / blocks * 2;
        return best with { Tiles = pairedTiles % even == 0 ? even : most, Paired = true };
    }
}
