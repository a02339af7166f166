namespace ModelGen.Generator.Planning;

/// <summary>
/// Weights a kernel reads in another layout than PyTorch's, kept in that layout in one array beside the parameters
/// and rewritten whenever the parameters change (initialisation, ImportParameters, Load, each optimizer step), so the
/// kernels never transform them. The channel-lane kernels of narrow rows (<see cref="NarrowRowLanes"/>) read the
/// forward pass's weights as [input channel, tap, output channel] and the input gradient's as [tap, output channel,
/// input channel]; before, each call transposed them (73,728 floats twice per sample for ConvStack's stride-2 layer),
/// now a training step does it once. The Winograd kernels (<see cref="WinogradTiles"/>) read the transformed 4x4
/// kernels, 16 floats per pair of channels; a large Dense layer's forward kernel its rows in blocks
/// (<see cref="DenseRowBlocks"/>).
/// </summary>
internal static class PackedWeights
{
    /// <summary>The layers with the offsets of their packed weights assigned, and the array's length.</summary>
    public static (LayerPlan[] Layers, int Length) Assign(LayerPlan[] layers)
    {
        int length = 0;
        var planned = new LayerPlan[layers.Length];
        for (int i = 0; i < layers.Length; i++)
        {
            LayerPlan layer = layers[i];
            if (LaneForward(layer))
            {
                layer = layer with { LaneForwardWeights = length };
                length += layer.WeightLength;
            }

            if (LaneInputGradient(layer))
            {
                layer = layer with { LaneInputGradientWeights = length };
                length += layer.WeightLength;
            }

            if (layer.Kernels.WinogradForward)
            {
                layer = layer with { WinogradForwardWeights = length };
                length += 16 * layer.Input.Channels * layer.Output.Channels;
            }

            if (DenseRowBlocks.Applies(layer))
            {
                layer = layer with { DenseRowBlockWeights = length };
                length += layer.WeightLength;
            }

            if (WinogradInputGradient(layer))
            {
                layer = layer with { WinogradInputGradientWeights = length };
                length += 16 * layer.Input.Channels * layer.Output.Channels;
            }

            planned[i] = layer;
        }

        return (planned, length);
    }

    private static bool LaneForward(LayerPlan layer) =>
        layer.Kind == Parsing.LayerKind.Conv2D && layer.Kernels.NarrowRowForward(layer.Input, layer.Output, layer.Kernel);

    private static bool LaneInputGradient(LayerPlan layer) =>
        layer.Kind == Parsing.LayerKind.Conv2D && layer.NeedsInputGradient && layer.Kernels.NarrowRowInputGradient(layer.Input, layer.Output, layer.Kernel);

    private static bool WinogradInputGradient(LayerPlan layer) =>
        layer.Kind == Parsing.LayerKind.Conv2D && layer.NeedsInputGradient && layer.Kernels.Paths.Count > 0 && !layer.Kernels.ScalarBackward && layer.Kernels.WinogradInputGradient;
}
