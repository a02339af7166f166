namespace ModelGen.Generator.Planning;

/// <summary>
/// Copies of a stride-1 convolution's zero-padded input, one per kernel column, shifted by it and as wide as the
/// output: [input channel, kernel column, padded row, output column]. Over them the output is one flat row of
/// height x width pixels: tap (ky, kx) of output pixel f = oy * width + ox is copy kx at f + ky * width. So a
/// kernel's vectors cover the whole output with at most one tail, instead of a tail per row (a 28-pixel row takes
/// two 16-float vectors that overlap by 4, an eighth of the multiply-adds spent twice). The copies take kernel times
/// the input's memory, so they are made for layers on few input channels: those whose weight gradient keeps
/// vectors along the pixels (<see cref="ConvBackwardLayout.Shifts"/>), the first layer of an image model.
/// </summary>
internal static class ShiftedColumns
{
    /// <summary>Floats of one copy: the padded rows (output rows + kernel - 1 at stride 1), each as wide as the output.</summary>
    public static int CopyLength(Shape output, int kernel) => (output.Height + kernel - 1) * output.Width;

    public static int Length(Shape input, Shape output, int kernel) => input.Channels * kernel * CopyLength(output, kernel);

    /// <summary><see cref="Length"/> computed without overflow.</summary>
    public static double LengthOf(Shape input, Shape output, int kernel) => (double)input.Channels * kernel * (output.Height + kernel - 1.0) * output.Width;

    /// <summary>Whether the copies are made straight from the unpadded input: its rows are at least a vector wide.</summary>
    public static bool BuiltFromInput(Shape input, int vectorWidth) => input.Width >= vectorWidth;

    /// <summary>About how many lines of C# making the copies takes (see KernelPlanner.UnrolledLines): a load and a store per vector of each copy's row, and the loops and clears around them.</summary>
    public static double Lines(Shape output, int kernel, int width) => (kernel * System.Math.Ceiling((double)output.Width / width)) + 14;

    /// <summary>
    /// Whether the forward pass runs over the copies: padded layers, which would otherwise pack a padded copy anyway,
    /// padded by at most (kernel - 1) / 2 so the input rows are at least as wide as the output's (every vector can
    /// be loaded from inside a row).
    /// <para>
    /// Measured with the kernels benchmark on 2026-12-03 (AMD EPYC, AVX-512) on the reference CNN's first layer
    /// (1x28x28 to 8x28x28), against the packed copy with vectors along each row: forward 1.35-1.36 -> 1.18-1.23 us
    /// median (72 % -> 79-83 % of the FMA peak); Predict 8.03 -> 7.93-7.98 us.
    /// </para>
    /// </summary>
    public static bool AppliesToForward(Shape input, Shape output, int kernel, int stride, int padding) =>
        ConvBackwardLayout.Shifts(input, output, kernel, stride) && kernel > 1 && padding > 0 && 2 * padding <= kernel - 1;
}
