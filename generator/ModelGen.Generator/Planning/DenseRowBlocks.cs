namespace ModelGen.Generator.Planning;

/// <summary>
/// A large Dense layer's forward kernel reads its weights from the packed copy (<see cref="PackedWeights"/>) in blocks
/// of <see cref="Rows"/> rows, for each full vector of inputs the block's rows side by side, so it streams one run of
/// memory instead of <see cref="Rows"/> rows a whole row apart (the runtime's <c>DenseRowBlocks.Interleave</c>
/// writes them, for the vector width of the path that runs). Measured on 2026-12-07 (AMD EPYC, AVX-512) with the
/// reference CNN's Dense(64), whose 200 KB of weights come from L2 on every call: in a probe of the two kernels alone,
/// rows 1.81 us, blocks of 4 rows 1.29 us, blocks of 8 rows 1.39 us; the reference CNN's <c>Predict</c> in a loop
/// (the benchmark's <c>predict</c> mode, alternating binaries, medians) 5.95-6.58 -> 5.41-5.48 us; training as fast
/// (the copy per optimizer step is 200 KB). Layers whose weights stay in L1 (fewer than
/// <see cref="DeferredWeightGradient.MinimumWeights"/>) keep reading PyTorch's rows: there the layout gains nothing.
/// </summary>
internal static class DenseRowBlocks
{
    /// <summary>Rows per block: the forward kernel's register block, 4 dot products sharing each input load.</summary>
    public const int Rows = 4;

    public static bool Applies(LayerPlan layer) =>
        DeferredWeightGradient.Applies(layer.Kind, layer.WeightLength) && layer.Kernels.ForwardPaths.Count > 0;
}
