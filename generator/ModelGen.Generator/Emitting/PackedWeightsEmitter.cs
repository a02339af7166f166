using System.Linq;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting;

/// <summary>The packed copy of the weights that some kernels read (see <see cref="PackedWeights"/>) and the method that rewrites it.</summary>
internal static class PackedWeightsEmitter
{
    /// <summary>The field, when the model has packed weights.</summary>
    public static void EmitField(SourceWriter writer, ModelPlan plan)
    {
        if (plan.PackedWeightsLength == 0)
        {
            return;
        }

        writer.Line();
        writer.Line("// Weights in the layouts some kernels read (transposed, or Winograd-transformed), rewritten by PackWeights whenever _parameters change.");
        writer.Line($"private readonly float[] _packedWeights = new float[{plan.PackedWeightsLength}];");
        if (HasRowBlocks(plan))
        {
            writer.Line("// Set by PackWeights: the Dense row blocks, which only the one-sample forward pass reads, are rewritten before its next");
            writer.Line("// call (RefreshRowBlocks) instead of at every optimizer step.");
            writer.Line("private volatile bool _rowBlocksStale;");
        }
    }

    /// <summary>The check at the start of a forward pass that reads Dense row blocks, or nothing.</summary>
    public static void EmitRowBlocksCheck(SourceWriter writer, ModelPlan plan)
    {
        if (HasRowBlocks(plan))
        {
            writer.Line("if (_rowBlocksStale) RefreshRowBlocks();");
        }
    }

    private static bool HasRowBlocks(ModelPlan plan) => plan.Layers.Any(l => l.DenseRowBlockWeights >= 0);

    /// <summary>The statement that refreshes the packed weights after the parameters changed, or nothing.</summary>
    public static void EmitRefresh(SourceWriter writer, ModelPlan plan)
    {
        if (plan.PackedWeightsLength > 0)
        {
            writer.Line("PackWeights();");
        }
    }

    public static void EmitPackMethod(SourceWriter writer, ModelPlan plan)
    {
        if (plan.PackedWeightsLength == 0)
        {
            return;
        }

        writer.Line();
        using (writer.Block("private void PackWeights()"))
        {
            foreach (LayerPlan layer in plan.Layers)
            {
                int taps = layer.Kernel * layer.Kernel, inputs = layer.Input.Channels, outputs = layer.Output.Channels;
                string weights = $"new {Code.ReadOnlySpan}(_parameters, {layer.WeightOffset}, {layer.WeightLength})";
                if (layer.LaneForwardWeights >= 0)
                {
                    writer.Line($"// {layer.Index}: {layer.Declaration}: [{outputs}, {inputs} x {taps}] -> [{inputs} x {taps}, {outputs}] for the forward pass");
                    writer.Line($"global::ModelGen.Internal.Transpose.Copy({weights}, new {Code.Span}(_packedWeights, {layer.LaneForwardWeights}, {layer.WeightLength}), {outputs}, {inputs * taps});");
                }

                if (layer.WinogradForwardWeights >= 0)
                {
                    writer.Line($"// {layer.Index}: {layer.Declaration}: Winograd U = G g G^T as [16, {inputs}, {outputs}] for the forward pass");
                    writer.Line($"global::ModelGen.Internal.Winograd.TransformWeights({weights}, new {Code.Span}(_packedWeights, {layer.WinogradForwardWeights}, {16 * inputs * outputs}), {outputs}, {inputs});");
                }

                if (layer.WinogradInputGradientWeights >= 0)
                {
                    writer.Line($"// {layer.Index}: {layer.Declaration}: Winograd U of the turned kernels as [16, {outputs}, {inputs}] for the input gradient");
                    writer.Line($"global::ModelGen.Internal.Winograd.TransformWeightsForInputGradient({weights}, new {Code.Span}(_packedWeights, {layer.WinogradInputGradientWeights}, {16 * inputs * outputs}), {outputs}, {inputs});");
                }

                if (layer.LaneInputGradientWeights >= 0)
                {
                    writer.Line($"// {layer.Index}: {layer.Declaration}: [{outputs} x {inputs}, {taps}] -> [{taps}, {outputs} x {inputs}] for the input gradient");
                    writer.Line($"global::ModelGen.Internal.Transpose.Copy({weights}, new {Code.Span}(_packedWeights, {layer.LaneInputGradientWeights}, {layer.WeightLength}), {outputs * inputs}, {taps});");
                }
            }

            if (HasRowBlocks(plan))
            {
                writer.Line("_rowBlocksStale = true;");
            }
        }

        if (!HasRowBlocks(plan))
        {
            return;
        }

        writer.Line();
        using (writer.Block("private void RefreshRowBlocks()"))
        {
            writer.Line("// Predict may run on several threads at once: one rewrites the blocks, the others wait for it.");
            using (writer.Block("lock (_packedWeights)"))
            {
                writer.Line("if (!_rowBlocksStale) return;");
                foreach (LayerPlan layer in plan.Layers.Where(l => l.DenseRowBlockWeights >= 0))
                {
                    int inputs = layer.Input.Channels, outputs = layer.Output.Channels;
                    string weights = $"new {Code.ReadOnlySpan}(_parameters, {layer.WeightOffset}, {layer.WeightLength})";
                    // The layout depends on the vector width, so it is written for the path that runs.
                    writer.Line($"// {layer.Index}: {layer.Declaration}: [{outputs}, {inputs}] in blocks of {DenseRowBlocks.Rows} rows, side by side per vector of the path that runs, for the forward pass");
                    string destination = $"new {Code.Span}(_packedWeights, {layer.DenseRowBlockWeights}, {layer.WeightLength})";
                    string branch = "if";
                    foreach (VectorPath path in layer.Kernels.ForwardPaths)
                    {
                        using (writer.Block($"{branch} ({path.Set.IsSupportedCheck()})"))
                        {
                            writer.Line($"global::ModelGen.Internal.DenseRowBlocks.Interleave({weights}, {destination}, {outputs}, {inputs}, {DenseRowBlocks.Rows}, {path.Width});");
                        }

                        branch = "else if";
                    }
                }

                writer.Line("_rowBlocksStale = false;");
            }
        }
    }

    /// <summary>A ref to the first packed float at <paramref name="offset"/>, for a kernel.</summary>
    public static string Reference(int offset) =>
        offset == 0 ? "MemoryMarshal.GetArrayDataReference(_packedWeights)" : $"Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_packedWeights), {offset})";
}
