namespace ModelGen.Generator.Planning;

/// <summary>
/// How many channels the SIMD convolution kernels (forward pass and input gradient) compute at once: one vector
/// accumulator per channel and vector of the row. A row of more than one vector is taken two vectors at a time, so
/// each broadcast weight serves both; then at most 6 channels (12 accumulators, which with the two loaded vectors and
/// a weight fit AVX2's 16 registers), else at most 8. The channels are spread evenly over as few blocks as that
/// allows: 8 channels in blocks of up to 6 go 4 + 4, where 6 + 2 would leave a block too small to use its loads.
/// Measured with the kernels benchmark on 2026-11-28, the reference CNN's Conv2D(16) forward pass took 5.95 us with
/// single vectors and 8 channels, 5.1 us with pairs and 4, 4.9 us with pairs and 6 (AVX-512 and AVX2 alike).
/// </summary>
internal static class ConvChannelBlock
{
    private const int Single = 8;
    private const int Paired = 6;

    /// <summary>Whether a row of <paramref name="rowLength"/> pixels takes its vectors of <paramref name="width"/> in pairs.</summary>
    public static bool IsPaired(int rowLength, int width) => rowLength > width;

    public static int For(int channels, int rowLength, int width)
    {
        int largest = IsPaired(rowLength, width) ? Paired : Single;
        int blocks = (channels + largest - 1) / largest;
        return (channels + blocks - 1) / blocks;
    }
}
