namespace ModelGen.Generator.Planning;

/// <summary>
/// Weights a kernel reads in another layout than PyTorch's, kept in that layout in one array beside the parameters
/// and rewritten whenever the parameters change (initialisation, ImportParameters, Load, each optimizer step), so the
/// kernels never transpose them. Only the channel-lane kernels of narrow rows (<see cref="NarrowRowLanes"/>) need
/// it: the forward pass reads [input channel, tap, output channel], the input gradient [tap, output channel, input
/// channel]. Before, each call transposed them (73,728 floats twice per sample for ConvStack's stride-2 layer);
/// now a training step does it once.
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

            planned[i] = layer;
        }

        return (planned, length);
    }

    private static bool LaneForward(LayerPlan layer) =>
        layer.Kind == Parsing.LayerKind.Conv2D && layer.Kernels.Paths.Count > 0 && NarrowRowLanes.Applies(layer.Input, layer.Output, layer.Kernel);

    private static bool LaneInputGradient(LayerPlan layer) =>
        layer.Kind == Parsing.LayerKind.Conv2D && layer.Kernels.Paths.Count > 0 && !layer.Kernels.ScalarBackward && layer.NeedsInputGradient &&
        NarrowRowLanes.AppliesToInputGradient(layer.Input, layer.Output, layer.Kernel);
}
