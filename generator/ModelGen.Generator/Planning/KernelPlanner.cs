using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Parsing;

namespace ModelGen.Generator.Planning;

/// <summary>
/// Chooses, per layer and instruction set, how its kernels run, and how much scratch memory they need.
/// <para>
/// Conv2D: direct convolution vectorised along the output row, with a block of output channels per step sharing
/// each input load. The input is first copied into a zero-padded buffer, and for stride s split into s phases per
/// row (element x of phase r is padded column x*s + r), so every tap reads contiguous memory whatever the stride or
/// padding. Row tails are resolved here: the last vector of a row overlaps the one before instead of running a
/// scalar loop. This beat im2col plus a GEMM micro-kernel on the reference CNN's small feature maps (8-16 channels,
/// 14-28 pixels wide), where packing costs as much as the multiply.
/// </para>
/// <para>
/// 3x3 stride-1 convolutions with enough channels (input x output at least 128) run Winograd's F(2x2, 3x3) instead,
/// forward and for the input gradient: 16 multiply-adds per 4 outputs instead of 36 (see <see cref="WinogradTiles"/>,
/// with the measurements). Narrower channel counts, and rows narrower than 8, measured faster direct.
/// </para>
/// </summary>
internal static class KernelPlanner
{
    public static LayerKernels Plan(LayerKind kind, Shape input, Shape output, int kernel, int stride, int padding, EquatableArray<InstructionSet> sets)
    {
        if (kind == LayerKind.Dense)
        {
            // Dot products along the input: the vector is as wide as the input allows.
            return new LayerKernels(VectorPaths(sets, input.Channels), 0, 0);
        }

        if (kind is LayerKind.ReLU or LayerKind.LeakyReLU or LayerKind.Sigmoid or LayerKind.Tanh)
        {
            // Elementwise over the whole activation, as wide as it allows.
            return new LayerKernels(VectorPaths(sets, (int)System.Math.Min(output.Length, int.MaxValue)), 0, 0);
        }

        if (kind == LayerKind.GlobalAvgPool2D)
        {
            // Each channel's plane is summed in vector lanes.
            return new LayerKernels(VectorPaths(sets, input.Height * input.Width), 0, 0);
        }

        if (kind is LayerKind.MaxPool2D or LayerKind.AvgPool2D)
        {
            return PlanPool(input, output, kernel, stride, sets);
        }

        if (kind != LayerKind.Conv2D)
        {
            return LayerKernels.ScalarOnly;
        }

        // Vectors along the output row: as wide as the row allows, the last one overlapping.
        var paths = VectorPaths(sets, output.Width);
        if (paths.Count == 0)
        {
            return LayerKernels.ScalarOnly;
        }

        // The packed copies are sized here in floating point: with a huge stride or padding they can exceed an int
        // (and the planner's limit), where the scalar kernels, which need no scratch, are the only sane choice.
        bool winograd = WinogradTiles.AppliesToForward(input, output, kernel, stride)
            && WinogradTiles.LengthOf(input.Channels, output.Channels, output.Height, output.Width) <= ModelPlanner.MaxFloats;
        bool lanesForward = winograd || NarrowRowLanes.Applies(input, output, kernel);
        bool flatForward = !lanesForward && ShiftedColumns.AppliesToForward(input, output, kernel, stride, padding);
        double packed = ConvLayout.LengthOf(input, kernel, stride, padding);
        double forwardLength = winograd ? WinogradTiles.LengthOf(input.Channels, output.Channels, output.Height, output.Width)
            : flatForward ? ShiftedColumns.LengthOf(input, output, kernel)
            : packed + NarrowRowLanes.LengthOf(input, output, kernel);
        if (System.Math.Max(packed, forwardLength) > ModelPlanner.MaxFloats)
        {
            return LayerKernels.ScalarOnly;
        }

        var layout = ConvLayout.For(input, kernel, stride, padding);
        int forward = winograd ? WinogradTiles.Forward(input, output, padding).ScratchLength
            : flatForward ? ShiftedColumns.Length(input, output, kernel)
            : (layout.NeedsPacking ? layout.Length : 0) + (int)NarrowRowLanes.LengthOf(input, output, kernel);
        bool winogradGradient = WinogradTiles.AppliesToInputGradient(input, output, kernel, stride, padding)
            && WinogradTiles.LengthOf(output.Channels, input.Channels, input.Height, input.Width) <= ModelPlanner.MaxFloats;
        // Winograd's weight gradient: 16 multiply-adds per channel pair and tile instead of 36; measured against the
        // lane blocks (kernels benchmark, p10, 2026-12-03, AMD EPYC, AVX-512): reference Conv2D(16) backward 8.95-9.45 ->
        // 8.19-8.71 us, ConvStack 16->32 115-129 -> 97-102 us, 32->64 120-122 -> 96-97 us; AVX2 no slower.
        bool winogradWeights = winograd && WinogradTiles.AppliesToWeightGradient(input, output, kernel, stride);
        double backwardLength = ConvBackwardLayout.LengthOf(input, output, kernel, stride, padding) + System.Math.Max(
            winogradGradient ? WinogradTiles.LengthOf(output.Channels, input.Channels, input.Height, input.Width) : 0,
            winogradWeights ? WinogradTiles.WeightGradientLengthOf(input.Channels, output.Channels, output.Height, output.Width) : 0);
        if (backwardLength > ModelPlanner.MaxFloats)
        {
            return new LayerKernels(paths, forward, 0, ScalarBackward: true) { WinogradForward = winograd, WidestPaths = VectorPaths(sets, int.MaxValue), ForwardInLanes = lanesForward, FlatForward = flatForward };
        }

        // The Winograd weight gradient and input gradient run one after the other on the same scratch.
        int backward = ConvBackwardLayout.For(input, output, kernel, stride).ScratchLength(layout) + System.Math.Max(
            winogradGradient ? WinogradTiles.InputGradient(input, output, padding).ScratchLength : 0,
            winogradWeights ? WinogradTiles.Forward(input, output, padding).WeightGradientScratchLength : 0);
        // Kernels that keep channels in the lanes take each instruction set's widest vector whatever the row width:
        // on ConvStack's stride-2 layer (7-pixel rows, which alone allow only the 8-float AVX2 path) AVX-512 took the
        // forward pass from 101 to 81 us and the backward pass from 211 to 166 us (bdn mode, 2026-12-02).
        bool lanesBackward = ChannelLaneBlock.Applies(input, output, kernel) && (winogradGradient || NarrowRowLanes.AppliesToInputGradient(input, output, kernel));
        return new LayerKernels(paths, forward, backward)
        {
            WinogradForward = winograd, WinogradInputGradient = winogradGradient, WinogradWeightGradient = winogradWeights, WidestPaths = VectorPaths(sets, int.MaxValue),
            ForwardInLanes = lanesForward, BackwardInLanes = lanesBackward, FlatForward = flatForward,
        };
    }

    /// <summary>
    /// Pools run like a convolution without weights: vectors along the output row over the same phase-split copy of
    /// the input, so every window tap is a contiguous load whatever the stride. The backward pass accumulates into a
    /// gradient of that layout (after the packed input), then copies it back to CHW.
    /// </summary>
    private static LayerKernels PlanPool(Shape input, Shape output, int kernel, int stride, EquatableArray<InstructionSet> sets)
    {
        var paths = VectorPaths(sets, PoolRowsInOneVector(input, output, kernel, stride) ? (2 * output.Width) - 1 : output.Width);
        if (paths.Count == 0 || 2 * ConvLayout.LengthOf(input, kernel, stride, 0) > ModelPlanner.MaxFloats)
        {
            return LayerKernels.ScalarOnly;
        }

        var layout = ConvLayout.For(input, kernel, stride, 0);
        return layout.NeedsPacking && !PoolSplitsInRegisters(input, kernel, stride) ? new LayerKernels(paths, layout.Length, 2 * layout.Length) : new LayerKernels(paths, 0, 0);
    }

    /// <summary>
    /// Whether a pool reads its CHW input directly and splits even from odd columns in registers (2x2 windows, stride
    /// 2, an even width). Measured with the kernels benchmark on 2026-12-03 (Intel Xeon; the AVX2 path, as the rows
    /// are 14 and 7 outputs wide) on the reference CNN's MaxPool2D layers, against the split copy of the whole input
    /// (EvenOdd.Split) and, backward, the join of its gradient (EvenOdd.Join): the first 1.46 -> 0.9 us forward and
    /// 3.2 -> 2.0 us backward, the second 0.94 -> 0.65 and 1.7 -> 1.4 us.
    /// </summary>
    public static bool PoolSplitsInRegisters(Shape input, int kernel, int stride) => kernel == 2 && stride == 2 && input.Width % 2 == 0;

    /// <summary>
    /// Whether a 2x2 stride-2 pool whose rows are 5 to 15 outputs wide may take vectors wider than its rows (up to
    /// twice as wide, 8 or 16 floats): one vector per row, its last lanes spilling into the next row, which is written
    /// after it and so overwrites them (Pool2DPairEmitter). That needs every input row in a window, so that rows lie a
    /// fixed distance apart, and a row after the first; the last row, which has no next, takes the narrower vectors.
    /// Measured with the kernels benchmark on 2026-12-08 (AMD EPYC, AVX-512; binaries alternating) on the reference
    /// CNN's MaxPool2D layers, 14 outputs wide in 16-float vectors instead of 8 and 7 wide in 8 instead of 4: forward
    /// 0.40 -> 0.22 and 0.32 -> 0.19 us, backward (with the shares as masks) 1.05-1.42 -> 0.68-0.97 and 0.77-0.82 ->
    /// 0.50-0.61 us.
    /// </summary>
    public static bool PoolRowsInOneVector(Shape input, Shape output, int kernel, int stride) =>
        PoolSplitsInRegisters(input, kernel, stride) && input.Height == 2 * output.Height && output.Width >= 5 && (long)output.Channels * output.Height >= 2;

    /// <summary>
    /// About how many lines of C# the vector paths of a Conv2D write, forward and backward. Those kernels unroll
    /// every tap for a block of up to 8 channels, and a few vector positions of a row, so their size grows with
    /// kernel x kernel; the estimate lets the planner keep a model's source bounded (see ModelPlanner.FitCodeBudget).
    /// Computed in floating point, as huge declarations overflow a long.
    /// </summary>
    public static (double Forward, double Backward) UnrolledLines(
        LayerKind kind, Shape input, Shape output, int kernel, int stride, bool inputGradient, LayerKernels kernels)
    {
        double taps = (double)kernel * kernel;
        if (kind is LayerKind.MaxPool2D or LayerKind.AvgPool2D)
        {
            // One unrolled body per kind of row vector (full, overlapping tail): a load per tap forward; backward a
            // load, a compare and an add per tap.
            double poolBodies = kernels.Paths.Sum(p => output.Width < p.Width ? 2 : 1 + (output.Width % p.Width != 0 ? 1 : 0));
            return (poolBodies * (taps + 8), inputGradient && !kernels.ScalarBackward ? poolBodies * ((5 * taps) + 12) : 0);
        }

        if (kind != LayerKind.Conv2D)
        {
            return (0, 0);
        }

        double forward = kernels.ForwardPaths.Sum(path => ForwardLines(input, output, kernel, kernels, path));
        double backward = kernels.ScalarBackward ? 0 : kernels.BackwardPaths.Sum(path => BackwardLines(input, output, kernel, stride, inputGradient, kernels, path));
        return (forward, backward);
    }

    private static double ForwardLines(Shape input, Shape output, int kernel, LayerKernels kernels, VectorPath path)
    {
        if (kernels.WinogradForward)
        {
            return WinogradLines(output.Channels, output.Height * output.Width / 4.0, path.Set);
        }

        if (kernels.NarrowRowForward(input, output, kernel))
        {
            // Output channels in lanes: per chunk of a row's pixels, an accumulator per (pixel, vector) to set and
            // store; per tap a load per vector, and per pixel a broadcast and an FMA per vector.
            var lanes = NarrowRowLanes.For(input, output, kernel, path.Set);
            double chunks = System.Math.Ceiling((double)output.Width / lanes.Pixels), q = lanes.Vectors;
            return (chunks * ((3 * lanes.Pixels * q) + q + (kernel * (q + (lanes.Pixels * (1 + q)))) + 12)) + 12;
        }

        // Per block of output channels (a full one in a loop, then the rest), at most two bodies per row (pairs of
        // vectors, then the odd one and the tail), each a loop over kernel rows; per tap of a kernel row and vector a
        // load, per tap and channel a broadcast weight and an FMA per vector.
        // Over ShiftedColumns the output is one flat row.
        int length = kernels.FlatForward ? output.Height * output.Width : output.Width;
        int block = ConvChannelBlock.For(output.Channels, length, path.Width);
        int rest = output.Channels % block;
        double bodies = RowBodies(length, path.Width);
        double Pixels(int channels) => bodies * ((kernel * (2 + (3 * channels))) + (4 * channels) + 12);
        double copies = kernels.FlatForward ? ShiftedColumns.Lines(output, kernel, path.Width) : 0;
        return Pixels(block) + (rest > 0 ? Pixels(rest) : 0) + copies + 12;
    }

    private static double BackwardLines(Shape input, Shape output, int kernel, int stride, bool inputGradient, LayerKernels kernels, VectorPath path)
    {
        int v = path.Width;
        double backward;
        if (kernels.WinogradWeightGradient)
        {
            // A Winograd kernel with input channels where the forward has tiles (see Conv2DWinogradEmitter), plus the
            // output gradient's transform (8 loads, 8 additions, 16 stores), the transpose, bias and flush loops.
            backward = WinogradLines(output.Channels, input.Channels, path.Set) + 80;
        }
        else if (ChannelLaneBlock.Applies(input, output, kernel))
        {
            // Weight gradient with output channels in lanes: per group of a kernel row's taps one pass over the
            // pixels, with an accumulator per (output vector, input channel, tap) to clear, multiply-add and store, a
            // load per output vector and a broadcast per input tap; then the transpose, bias and flush loops.
            var lanes = ChannelLaneBlock.For(input, output, kernel, path.Set);
            double laneTaps = (double)lanes.InputChannels * lanes.KernelRows * lanes.Columns, accumulators = lanes.OutputVectors * laneTaps;
            double pass = (3 * accumulators) + lanes.OutputVectors + (lanes.OutputVectors > 1 ? laneTaps : 0) + lanes.InputChannels + 12;
            backward = (System.Math.Ceiling((double)kernel / lanes.Columns) * pass) + 40;
        }
        else
        {
            // Weight gradient along rows: per block of output channels (a full one in a loop, then the rest) and
            // group of a kernel row's taps, an accumulator per (output channel, input channel, tap), and per kind of
            // row vector a load per output channel and per input tap and an FMA per accumulator. Stride 1 first
            // copies the input once per kernel column: a load and a store per vector of a row.
            double variants = (output.Width / v > 0 ? 1 : 0) + (output.Width % v != 0 ? 1 : 0);
            var weights = WeightGradientBlock.For(input, output, kernel, path.Set);
            double groups = System.Math.Ceiling((double)kernel / weights.Columns);
            double taps = weights.KernelRows * weights.Columns;
            double WeightBlock(int channels)
            {
                double accumulators = channels * weights.InputChannels * taps;
                double pass = (2 * accumulators) + (variants * (channels + (weights.InputChannels * (1 + (taps * (1 + channels)))))) + 8;
                return (groups * pass) + 12;
            }

            double Bias(int channels) => (channels * (2 + variants)) + 6;
            int weightRest = output.Channels % weights.OutputChannels, biasChannels = System.Math.Min(output.Channels, WeightGradientBlock.BiasChannels), biasRest = output.Channels % biasChannels;
            double shifts = ConvBackwardLayout.Shifts(input, output, kernel, stride) ? ShiftedColumns.Lines(output, kernel, v) : 0;
            backward = WeightBlock(weights.OutputChannels) + (weightRest > 0 ? WeightBlock(weightRest) : 0) + Bias(biasChannels) + (biasRest > 0 ? Bias(biasRest) : 0) + shifts + 20;
        }

        if (inputGradient && kernels.WinogradInputGradient)
        {
            backward += WinogradLines(input.Channels, input.Height * input.Width / 4.0, path.Set);
        }
        else if (inputGradient && kernels.NarrowRowInputGradient(input, output, kernel))
        {
            // Input channels in lanes: per chunk of a row's pixels an accumulator per (pixel, vector) to clear and
            // add to memory; per output channel a load per vector, and per pixel a broadcast and an FMA per vector.
            var lanes = NarrowRowLanes.ForInputGradient(input, output, path.Set);
            double chunks = System.Math.Ceiling((double)output.Width / lanes.Pixels), q = lanes.Vectors;
            backward += (chunks * ((3 * lanes.Pixels * q) + q + (lanes.Pixels * (1 + q)) + 12)) + 30;
        }
        else if (inputGradient)
        {
            // Input gradient: per block of input channels (full ones in a loop once there are two), per stride
            // phase of rows and columns, at most two bodies per row as in the forward pass, each a loop over the
            // phase's kernel rows; a load per tap of a kernel row and vector, an FMA per channel and vector.
            double fullWidth = ((double)(output.Width - 1) * stride) + kernel;
            double rowBodies = RowBodies(System.Math.Ceiling(fullWidth / stride), v);
            double phaseColumns = System.Math.Ceiling((double)kernel / stride);
            int inputBlock = ConvChannelBlock.For(input.Channels, (int)System.Math.Min(System.Math.Ceiling(fullWidth / stride), int.MaxValue), v);
            int fullInputBlocks = input.Channels / inputBlock, inputRest = input.Channels % inputBlock;
            double phases = System.Math.Pow(System.Math.Min(stride, kernel), 2);
            double Rows(int channels) => phases * rowBodies * ((phaseColumns * (2 + (3 * channels))) + (4 * channels) + 14);
            backward += (System.Math.Min(fullInputBlocks, 1) * Rows(inputBlock)) + (inputRest > 0 ? Rows(inputRest) : 0) + 30;
        }

        return backward;
    }

    /// <summary>
    /// A Winograd kernel (see Conv2DWinogradEmitter): the input transform (16 loads, 32 additions, 16 stores), the
    /// products of a full block of tiles and of the rest, unless the blocks overlap instead (per accumulator a clear,
    /// a multiply-add and a store; per channel a load per weight vector and a broadcast per tile), the output
    /// transform (16 loads, 24 additions, 4 stores) and the transposes.
    /// </summary>
    private static double WinogradLines(int outputs, double tiles, InstructionSet set)
    {
        var block = WinogradBlock.For(outputs, (int)System.Math.Min(System.Math.Ceiling(tiles), int.MaxValue), set);
        double accumulators = block.Tiles * block.Vectors;
        double bodies = block.Overlapping || tiles % block.Tiles == 0 ? 1 : 2;
        return 70 + (bodies * ((3 * accumulators) + block.Vectors + block.Tiles + 12)) + 50 + 20;
    }

    /// <summary>Bodies a row of vectors spells out (see RowVectors): one for the pairs, one for the odd vector and the tail.</summary>
    private static double RowBodies(double length, int width)
    {
        double fullVectors = System.Math.Floor(length / width);
        return (fullVectors >= 2 ? 1 : 0) + (fullVectors % 2 == 1 || length % width != 0 ? 1 : 0);
    }

    /// <summary>For each enabled instruction set, the widest vector (16, 8 or 4 floats) that fits <paramref name="length"/>.</summary>
    private static EquatableArray<VectorPath> VectorPaths(EquatableArray<InstructionSet> sets, int length)
    {
        var paths = new List<VectorPath>();
        foreach (InstructionSet set in sets.Where(s => s != InstructionSet.Scalar))
        {
            int width = new[] { 16, 8, 4 }.FirstOrDefault(w => w <= set.MaxWidth() && w <= length);
            if (width > 0)
            {
                paths.Add(new VectorPath(set, width));
            }
        }

        // Too narrow for 16 floats, the AVX-512 kernel would be the AVX2 kernel line for line (the same width): it is
        // emitted once, and AVX-512 machines take it through the AVX2 check, which they pass.
        paths.RemoveAll(p => p.Set == InstructionSet.Avx512 && paths.Any(q => q.Set == InstructionSet.Avx2 && q.Width == p.Width));

        return paths.ToEquatableArray();
    }
}

/// <summary>
/// The vector paths of one layer, and the scratch floats its forward and backward kernels need. With
/// <paramref name="ScalarBackward"/>, only the forward pass uses the vector paths; the backward pass is scalar.
/// </summary>
internal sealed record LayerKernels(EquatableArray<VectorPath> Paths, int ForwardScratch, int BackwardScratch, bool ScalarBackward = false)
{
    public static LayerKernels ScalarOnly { get; } = new(EquatableArray<VectorPath>.Empty, 0, 0);

    /// <summary>A Conv2D whose vector forward pass is Winograd's F(2x2, 3x3) (<see cref="WinogradTiles"/>).</summary>
    public bool WinogradForward { get; init; }

    /// <summary>Each instruction set with its widest vector, for kernels whose lanes hold channels rather than a row's pixels.</summary>
    public EquatableArray<VectorPath> WidestPaths { get; init; } = EquatableArray<VectorPath>.Empty;

    /// <summary>Whether the forward pass runs over the output as one flat row of the input's <see cref="ShiftedColumns"/>.</summary>
    public bool FlatForward { get; init; }

    /// <summary>Whether every forward kernel keeps channels in the lanes, so the forward pass runs on <see cref="WidestPaths"/>.</summary>
    public bool ForwardInLanes { get; init; }

    /// <summary>Whether every backward kernel (weight gradient and input gradient) does.</summary>
    public bool BackwardInLanes { get; init; }

    /// <summary>The paths the forward methods are written for.</summary>
    public EquatableArray<VectorPath> ForwardPaths => ForwardInLanes && Paths.Count > 0 ? WidestPaths : Paths;

    /// <summary>The paths the backward methods are written for (none but the scalar one with <see cref="ScalarBackward"/>).</summary>
    public EquatableArray<VectorPath> BackwardPaths => ScalarBackward ? EquatableArray<VectorPath>.Empty : BackwardInLanes ? WidestPaths : Paths;

    /// <summary>A Conv2D whose vector input gradient is Winograd's F(2x2, 3x3); its scratch follows the other backward kernels'.</summary>
    public bool WinogradInputGradient { get; init; }

    /// <summary>A Conv2D whose vector weight gradient is Winograd's F(2x2, 3x3) (<see cref="WinogradTiles.AppliesToWeightGradient"/>).</summary>
    public bool WinogradWeightGradient { get; init; }

    /// <summary>Whether the forward pass runs with output channels in lanes (<see cref="NarrowRowLanes"/>).</summary>
    public bool NarrowRowForward(Shape input, Shape output, int kernel) => Paths.Count > 0 && !WinogradForward && NarrowRowLanes.Applies(input, output, kernel);

    /// <summary>Whether the input gradient runs with input channels in lanes (<see cref="NarrowRowLanes.AppliesToInputGradient"/>).</summary>
    public bool NarrowRowInputGradient(Shape input, Shape output, int kernel) =>
        Paths.Count > 0 && !ScalarBackward && !WinogradInputGradient && NarrowRowLanes.AppliesToInputGradient(input, output, kernel);
}

/// <summary>
/// The padded, phase-split copy of a convolution's input: row y of channel c, phase r, column j holds padded
/// input (c, y, j*stride + r), zero outside the image.
/// </summary>
internal readonly record struct ConvLayout(int Channels, int Rows, int Phases, int PhaseWidth, bool NeedsPacking)
{
    public int Length => Channels * Rows * Phases * PhaseWidth;

    /// <summary>The <see cref="Length"/> <see cref="For"/> would give, computed without overflow.</summary>
    public static double LengthOf(Shape input, int kernel, int stride, int padding)
    {
        double paddedWidth = input.Width + (2.0 * padding);
        return padding > 0 || stride > 1
            ? input.Channels * (input.Height + (2.0 * padding)) * stride * System.Math.Ceiling(paddedWidth / stride)
            : (double)input.Length;
    }

    public static ConvLayout For(Shape input, int kernel, int stride, int padding)
    {
        int paddedWidth = input.Width + (2 * padding);
        bool needsPacking = padding > 0 || stride > 1;
        return needsPacking
            ? new ConvLayout(input.Channels, input.Height + (2 * padding), stride, (paddedWidth + stride - 1) / stride, true)
            : new ConvLayout(input.Channels, input.Height, 1, input.Width, false);
    }

    /// <summary>Offset, from the start of a channel's first row, of tap (ky, kx) for output (oy*stride, 0).</summary>
    public int TapOffset(int ky, int kx, int stride) => ((ky * Phases) + (kx % stride)) * PhaseWidth + (kx / stride);
}

/// <summary>
/// Scratch layout of the vector input-gradient kernel: after the packed input, the output gradient padded by
/// <see cref="Pad"/> = (kernel - 1) / stride on every side, then the gradient of the padded input it yields, split
/// into stride phases per row like the packed input (phase r, column j is padded column j * stride + r). Each phase
/// is a stride-1 correlation of the padded output gradient with the taps of that phase, so no multiply meets a zero
/// that the stride put between output pixels. The padded output gradient ends in <see cref="Slack"/> floats, and
/// every phase row of the input gradient has as many more: room for the lanes of a vector that reach past a row
/// narrower than the vector.
/// </summary>
internal readonly record struct ConvBackwardLayout(
    int Channels, int Rows, int Width, int Pad, int InputChannels, int FullRows, int FullWidth, int Phases, int PhaseWidth, int TransposedLength, int TransposedWeightLength,
    int ShiftedLength)
{
    public const int Slack = 16;

    public int SpreadLength => (Channels * Rows * Width) + Slack;

    public int FullLength => InputChannels * FullRows * Phases * PhaseWidth;

    public int SpreadOffset(ConvLayout packed) => packed.NeedsPacking ? packed.Length : 0;

    public int FullOffset(ConvLayout packed) => SpreadOffset(packed) + SpreadLength;

    /// <summary>Where the output gradient transposed to pixel-major goes (weight gradient with output channels in lanes).</summary>
    public int TransposedOffset(ConvLayout packed) => FullOffset(packed) + FullLength;

    /// <summary>Where that kernel's weight gradient goes, [input channel, tap, output channel], before it is added to the gradients.</summary>
    public int TransposedWeightOffset(ConvLayout packed) => TransposedOffset(packed) + TransposedLength;

    /// <summary>Where a stride-1 weight gradient along rows keeps the column-shifted copies of the padded input.</summary>
    public int ShiftedOffset(ConvLayout packed) => TransposedWeightOffset(packed) + TransposedWeightLength;

    public int ScratchLength(ConvLayout packed) => ShiftedOffset(packed) + ShiftedLength;

    /// <summary>Whether the weight gradient runs along rows over column-shifted copies of the input (stride 1, not in lanes).</summary>
    public static bool Shifts(Shape input, Shape output, int kernel, int stride) => stride == 1 && !ChannelLaneBlock.Applies(input, output, kernel);

    /// <summary>The scratch length of the vector backward kernels (packed input included), computed without overflow.</summary>
    public static double LengthOf(Shape input, Shape output, int kernel, int stride, int padding)
    {
        double packed = padding > 0 || stride > 1 ? ConvLayout.LengthOf(input, kernel, stride, padding) : 0;
        double pad = (kernel - 1) / stride;
        double fullRows = ((output.Height - 1.0) * stride) + kernel, fullWidth = ((output.Width - 1.0) * stride) + kernel;
        double phaseWidth = System.Math.Ceiling(fullWidth / stride) + Slack;
        double transposed = ChannelLaneBlock.Applies(input, output, kernel) ? (double)output.Channels * ((output.Height * (double)output.Width) + (input.Channels * (double)kernel * kernel)) : 0;
        transposed += Shifts(input, output, kernel, stride) ? ShiftedColumns.LengthOf(input, output, kernel) : 0;
        return packed + (output.Channels * (output.Height + (2 * pad)) * (output.Width + (2 * pad))) + Slack + (input.Channels * fullRows * stride * phaseWidth) + transposed;
    }

    public static ConvBackwardLayout For(LayerPlan layer) => For(layer.Input, layer.Output, layer.Kernel, layer.Stride);

    public static ConvBackwardLayout For(Shape input, Shape output, int kernel, int stride)
    {
        int pad = (kernel - 1) / stride;
        int fullRows = ((output.Height - 1) * stride) + kernel, fullWidth = ((output.Width - 1) * stride) + kernel;
        bool lanes = ChannelLaneBlock.Applies(input, output, kernel);
        return new ConvBackwardLayout(
            output.Channels, output.Height + (2 * pad), output.Width + (2 * pad), pad,
            input.Channels, fullRows, fullWidth, stride, ((fullWidth + stride - 1) / stride) + Slack,
            lanes ? (int)output.Length : 0, lanes ? input.Channels * kernel * kernel * output.Channels : 0,
            Shifts(input, output, kernel, stride) ? ShiftedColumns.Length(input, output, kernel) : 0);
    }
}

/// <summary>
/// The register block of the vector weight gradient: how many output channels, input channels, kernel rows (one, or
/// all of them) and taps of a kernel row share a pass over the pixels, each (output channel, input channel, tap)
/// keeping one vector accumulator. Per pixel vector a pass loads one output gradient per output channel and one
/// input vector per input channel and tap, and does one fused multiply-add per accumulator; the block chosen has the
/// fewest loads per multiply-add among those whose accumulators, output gradients and input vector fit the vector
/// registers of the path (<see cref="InstructionSets.VectorRegisters"/>: 16, or 32 with AVX-512), leaving a few
/// spare. Measured with the kernels benchmark on 2026-11-28 (AVX2 registers) against one output channel x all 9
/// taps: 3 output channels x 3 taps took the reference CNN's Conv2D(16) backward from 16.2 to 13.6 us and 32->64
/// channels from 53 % to 61 % of peak; 4 output channels (12 accumulators, 17 registers) was 16.8 us with AVX2's 16
/// registers. With AVX-512's 32 registers the first layer (1 to 8 channels) gets 3 output channels x all 9 taps (27
/// accumulators): measured on 2026-12-03 on an Intel Xeon with two 512-bit FMA units, its weight gradient went from
/// 1.8 to 1.4 us in a stand-alone copy of the kernel, and the layer's backward pass (with the bias sums of <see
/// cref="BiasChannels"/>) from 1.85 to 1.58 us (p10) in the kernels benchmark, the output gradient being loaded once
/// per pass instead of once per kernel row. A 1x1 convolution gets several input channels, not one dependent chain.
/// </summary>
internal readonly record struct WeightGradientBlock(int OutputChannels, int InputChannels, int KernelRows, int Columns)
{
    /// <summary>
    /// Output channels whose bias gradients are summed in one pass, each in a chain of its own: the block's 3 chains of
    /// 49 dependent adds took 0.2 us of the first layer's 1.8 us backward (2026-12-03).
    /// </summary>
    public const int BiasChannels = 8;

    public static WeightGradientBlock For(Shape input, Shape output, int kernel, InstructionSet set)
    {
        int registers = set.VectorRegisters(), accumulators = set.Accumulators();
        var best = new WeightGradientBlock(1, 1, 1, System.Math.Min(kernel, accumulators));
        double bestLoads = double.MaxValue;
        foreach (int rows in kernel > 1 && kernel * kernel <= accumulators ? new[] { 1, kernel } : new[] { 1 })
        {
            int columns = rows > 1 ? kernel : System.Math.Min(kernel, accumulators);
            for (int inputs = 1; inputs <= System.Math.Min(input.Channels, accumulators / (rows * columns)); inputs++)
            {
                // Input channels in whole blocks only, so the loop over them needs no remainder.
                if (input.Channels % inputs != 0)
                {
                    continue;
                }

                int taps = inputs * rows * columns;
                for (int outputs = 1; outputs <= System.Math.Min(output.Channels, accumulators / taps); outputs++)
                {
                    double loads = (double)(outputs + taps) / (outputs * taps);
                    bool fits = (outputs * taps) + outputs + 1 <= registers;
                    if (fits && loads < bestLoads - 1e-9)
                    {
                        (best, bestLoads) = (new WeightGradientBlock(outputs, inputs, rows, columns), loads);
                    }
                }
            }
        }

        return best;
    }
}

/// <summary>
/// The register block of the weight gradient with output channels in vector lanes. The output gradient is first
/// transposed so that each pixel's output channels are contiguous; then for a block of input channels and taps, every
/// pixel loads <see cref="OutputVectors"/> vectors of output-gradient channels and multiplies each by the broadcast
/// input value under each tap, one accumulator per (vector, input channel, tap). Unlike vectors along the row
/// (<see cref="WeightGradientBlock"/>), this needs no horizontal sum per weight and no row tail, and runs as well on
/// 7-pixel rows as on 28; the transpose (Transpose.Copy, AVX shuffles) costs a few multiply-adds per value. So it is
/// used where the output channels come in multiples of 4 and each output-gradient value meets at least
/// <see cref="MinimumReuse"/> input values (input channels x taps). Measured with the kernels benchmark on 2026-11-28
/// (AVX-512 machine), rows -> lanes: reference CNN Conv2D(16) backward 13.0 -> 11.0 us (8 input channels x 9 taps),
/// ConvStack 3x3 backward 70 -> 82 % and 63 -> 74 % of peak, stride 2 421 -> 343 us, a 16-channel 1x1 convolution
/// 5.9 -> 5.7 us; but the first layer (1 x 9) 1.9 -> 2.0 us, which keeps the rows. The block chosen has the fewest
/// loads per multiply-add among those that fit the path's vector registers, at most 4 fewer accumulators: with
/// AVX-512's 32 registers instead of AVX2's 16, ConvStack's 16-channel 1x1 backward went from 4.18-4.22 to
/// 3.79-3.90 us (kernels benchmark, 2026-12-08, alternating binaries), its stride-2 layer's backward stayed at ~100 us.
/// </summary>
internal readonly record struct ChannelLaneBlock(int Width, int OutputVectors, int InputChannels, int KernelRows, int Columns)
{
    public const int MinimumReuse = 16;

    public static bool Applies(Shape input, Shape output, int kernel) =>
        output.Channels % 4 == 0 && (double)input.Channels * kernel * kernel >= MinimumReuse;

    /// <summary>The block for a path whose vectors hold up to <paramref name="maxWidth"/> floats: the widest vector that divides the output channels.</summary>
    public static ChannelLaneBlock For(Shape input, Shape output, int kernel, InstructionSet set)
    {
        int width = InstructionSets.WidestDividing(set.MaxWidth(), output.Channels);
        int registers = set.VectorRegisters(), accumulators = set.Accumulators();
        int vectors = output.Channels / width, columns = System.Math.Min(kernel, accumulators);
        var best = new ChannelLaneBlock(width, 1, 1, 1, columns);
        double bestLoads = double.MaxValue;
        foreach (int rows in Divisors(kernel, accumulators).Where(r => r == 1 || columns == kernel))
        {
            foreach (int inputs in Divisors(input.Channels, accumulators))
            {
                foreach (int outputs in Divisors(vectors, accumulators))
                {
                    int block = outputs * inputs * rows * columns;
                    double loads = (double)(outputs + (inputs * rows * columns)) / block;
                    if (block <= accumulators && block + outputs + 1 <= registers && loads < bestLoads - 1e-9)
                    {
                        (best, bestLoads) = (new ChannelLaneBlock(width, outputs, inputs, rows, columns), loads);
                    }
                }
            }
        }

        return best;
    }

    private static IEnumerable<int> Divisors(int n, int most) => Enumerable.Range(1, System.Math.Min(n, most)).Where(d => n % d == 0);
}

/// <summary>
/// The forward convolution with output channels in vector lanes, for rows narrower than 8 pixels (a stride-2 layer's
/// 7x7 output), where vectors along the row are 4 floats at most and the tail wastes some of those. The weights are
/// transposed to [input channel, tap, output channel] on each call; per input channel and tap, the pixels of a row
/// (<see cref="Pixels"/>, up to 12, or 28 with AVX-512) each broadcast their input value against <see cref="Vectors"/> vectors of
/// output-channel weights, one accumulator per (pixel, vector); the [pixel, output channel] result is transposed back.
/// Measured with the kernels benchmark on 2026-11-28 (AVX-512 machine, the AVX2 path) on ConvStack's stride-2 layer
/// (64 -> 128 channels, 14x14 -> 7x7): vectors along the row 160 us (38 % of peak); lanes with 4 pixels x 2 vectors
/// 134 us, whose 36 KB of weights per block do not stay in L1; a whole row x 1 vector (18 KB) 122 us (51 %). Its
/// input gradient the same way round (input channels in lanes, taps the outer loop so each tap's weights stay in
/// L1) took the layer's backward pass from 341 to 277 us, and adding the lane weight gradient to the gradients with
/// Transpose.Add instead of element by element to 235 us (53 %). With AVX-512's 32 registers a block of 2 vectors
/// x 7 pixels (14 accumulators) took the same layer (kernels benchmark, 2026-12-08, AMD EPYC, alternating binaries)
/// from 58-62 to 47 us forward (55 -> 70 % of peak) and from 115-122 to 97 us backward, although the forward block's
/// 72 KB of weights per pass no longer stay in L1: one vector x 7 pixels keeps 7 dependent chains, too few for two
/// FMA units with a latency of 4, and loads a weight vector per 7 FMAs.
/// </summary>
internal readonly record struct NarrowRowLanes(int Width, int Vectors, int Pixels)
{
    /// <summary>
    /// Floats of weights one block reads per pixel chunk: with 16 registers 24 KB, so they stay in a 32 KB L1 data
    /// cache between chunks (measured on the AVX2 path); with AVX-512 72 KB, the measured 2 x 7 block.
    /// </summary>
    private static int CachedWeights(InstructionSet set) => set == InstructionSet.Avx512 ? 18432 : 6144;

    public static bool Applies(Shape input, Shape output, int kernel) =>
        output.Width < 8 && output.Channels % 8 == 0 && (double)input.Channels * kernel * kernel >= ChannelLaneBlock.MinimumReuse;

    /// <summary>The forward pass's scratch after the packed input: the [pixel, output channel] result.</summary>
    public static double LengthOf(Shape input, Shape output, int kernel) =>
        Applies(input, output, kernel) ? output.Length : 0;

    public static NarrowRowLanes For(Shape input, Shape output, int kernel, InstructionSet set) =>
        Block(output.Channels, output.Width, (double)input.Channels * kernel * kernel, set);

    /// <summary>
    /// The input gradient of such a layer runs the other way round (input channels in lanes, a sum over output
    /// channels), where its input channels come in multiples of 8.
    /// </summary>
    public static bool AppliesToInputGradient(Shape input, Shape output, int kernel) =>
        output.Width < 8 && input.Channels % 8 == 0 && (double)output.Channels * kernel * kernel >= ChannelLaneBlock.MinimumReuse;

    /// <summary>
    /// The input gradient's block: input channels in lanes, output pixels of a row, and per tap the weights of every
    /// output channel (the taps are the outer loop, so only those stay in L1).
    /// </summary>
    public static NarrowRowLanes ForInputGradient(Shape input, Shape output, InstructionSet set) =>
        Block(input.Channels, output.Width, output.Channels, set);

    /// <summary>
    /// A whole row of pixels (up to the accumulators: the registers less 4) and as many vectors of lane channels as
    /// fit the registers and keep the weights one pass reads (<paramref name="weightsPerLane"/> per lane channel) in
    /// <see cref="CachedWeights"/>.
    /// </summary>
    private static NarrowRowLanes Block(int laneChannels, int rowWidth, double weightsPerLane, InstructionSet set)
    {
        int width = InstructionSets.WidestDividing(set.MaxWidth(), laneChannels);
        int registers = set.VectorRegisters(), accumulators = set.Accumulators();
        int vectors = laneChannels / width, pixels = System.Math.Min(rowWidth, accumulators);
        int outputs = 1;
        for (int q = 2; q <= vectors; q++)
        {
            if (vectors % q == 0 && pixels * q <= accumulators && (pixels * q) + q + 1 <= registers && q * width * weightsPerLane <= CachedWeights(set))
            {
                outputs = q;
            }
        }

        return new NarrowRowLanes(width, outputs, pixels);
    }
}
