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
/// 14-28 pixels wide), where packing costs as much as the multiply; Winograd does not pay at these channel counts.
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

        if (kind != LayerKind.Conv2D)
        {
            return LayerKernels.ScalarOnly;
        }

        // Vectors along the output row: as wide as the row allows, the last one overlapping.
        var paths = VectorPaths(sets, output.Width);
        var layout = ConvLayout.For(input, kernel, stride, padding);
        if (paths.Count == 0)
        {
            return LayerKernels.ScalarOnly;
        }

        int backward = ConvBackwardLayout.For(input, output, kernel, stride).ScratchLength(layout);
        return new LayerKernels(paths, layout.NeedsPacking ? layout.Length : 0, backward);
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

        return paths.ToEquatableArray();
    }
}

/// <summary>The vector paths of one layer, and the scratch floats its forward and backward kernels need.</summary>
internal sealed record LayerKernels(EquatableArray<VectorPath> Paths, int ForwardScratch, int BackwardScratch)
{
    public static LayerKernels ScalarOnly { get; } = new(EquatableArray<VectorPath>.Empty, 0, 0);
}

/// <summary>
/// The padded, phase-split copy of a convolution's input: row y of channel c, phase r, column j holds padded
/// input (c, y, j*stride + r), zero outside the image.
/// </summary>
internal readonly record struct ConvLayout(int Channels, int Rows, int Phases, int PhaseWidth, bool NeedsPacking)
{
    public int Length => Channels * Rows * Phases * PhaseWidth;

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
/// Scratch layout of the vector input-gradient kernel: after the packed input, the output gradient spread out by the
/// stride and padded by kernel - 1 on every side, then the gradient of the padded input it yields.
/// </summary>
internal readonly record struct ConvBackwardLayout(int Channels, int Rows, int Width, int InputChannels, int FullRows, int FullWidth)
{
    public int SpreadLength => Channels * Rows * Width;

    public int FullLength => InputChannels * FullRows * FullWidth;

    public int SpreadOffset(ConvLayout packed) => packed.NeedsPacking ? packed.Length : 0;

    public int FullOffset(ConvLayout packed) => SpreadOffset(packed) + SpreadLength;

    public int ScratchLength(ConvLayout packed) => FullOffset(packed) + FullLength;

    public static ConvBackwardLayout For(LayerPlan layer) => For(layer.Input, layer.Output, layer.Kernel, layer.Stride);

    public static ConvBackwardLayout For(Shape input, Shape output, int kernel, int stride)
    {
        int fullRows = ((output.Height - 1) * stride) + kernel, fullWidth = ((output.Width - 1) * stride) + kernel;
        return new ConvBackwardLayout(output.Channels, fullRows + kernel - 1, fullWidth + kernel - 1, input.Channels, fullRows, fullWidth);
    }
}
