using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Parsing;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>
/// Emits one layer kind. Each kernel path (see <see cref="InstructionSet"/>) is a method of its own; the layer's
/// method picks the best supported one. A kind without SIMD paths yet has only <see cref="InstructionSet.Scalar"/>.
/// </summary>
internal abstract class LayerEmitter
{
    private static readonly InstructionSet[] ScalarOnly = [InstructionSet.Scalar];

    /// <summary>The forward paths this emitter writes for <paramref name="layer"/>, best first, ending with the scalar one.</summary>
    public virtual IReadOnlyList<InstructionSet> ForwardPaths(LayerPlan layer) => ScalarOnly;

    /// <summary>The backward paths this emitter writes for <paramref name="layer"/>, best first, ending with the scalar one.</summary>
    public virtual IReadOnlyList<InstructionSet> BackwardPaths(LayerPlan layer) => ScalarOnly;

    /// <summary>Writes methods the paths share (packing, for example), if any.</summary>
    public virtual void EmitHelpers(SourceWriter writer, LayerPlan layer)
    {
    }

    /// <summary>Writes the statements of the forward pass for one path, reading <c>input</c> and writing <c>output</c>.</summary>
    public abstract void EmitForward(SourceWriter writer, LayerPlan layer, InstructionSet path);

    /// <summary>
    /// Writes the statements of the backward pass for one path. It reads <c>input</c>, <c>output</c> (the forward
    /// activations) and <c>outputGradient</c>; adds parameter gradients into <c>gradients</c> (state_dict layout);
    /// and, when <see cref="LayerPlan.NeedsInputGradient"/>, overwrites <c>inputGradient</c>, which may be the same
    /// memory as <c>outputGradient</c> for elementwise layers.
    /// </summary>
    public abstract void EmitBackward(SourceWriter writer, LayerPlan layer, InstructionSet path);

    public static LayerEmitter? For(LayerKind kind) => kind switch
    {
        LayerKind.Conv2D => Conv2DEmitter.Instance,
        LayerKind.MaxPool2D or LayerKind.AvgPool2D => Pool2DEmitter.Instance,
        LayerKind.GlobalAvgPool2D => GlobalAvgPool2DEmitter.Instance,
        LayerKind.Dense => DenseEmitter.Instance,
        LayerKind.ReLU or LayerKind.LeakyReLU or LayerKind.Sigmoid or LayerKind.Tanh => ActivationEmitter.Instance,
        _ => null,
    };

    /// <summary>The layer's planned vector paths followed by the scalar one.</summary>
    protected static IReadOnlyList<InstructionSet> PlannedPaths(LayerPlan layer) =>
        layer.Kernels.ForwardPaths.Select(p => p.Set).Append(InstructionSet.Scalar).ToList();

    /// <summary>
    /// The backward paths of a layer with vector kernels: the planned ones, or the scalar one alone when the unroll
    /// budget gave the backward pass up (<see cref="LayerKernels.ScalarBackward"/>).
    /// </summary>
    protected static IReadOnlyList<InstructionSet> PlannedBackwardPaths(LayerPlan layer) =>
        layer.Kernels.BackwardPaths.Select(p => p.Set).Append(InstructionSet.Scalar).ToList();

    /// <summary>The vector path (instruction set and width) planned for the layer's forward pass on <paramref name="set"/>.</summary>
    protected static VectorPath PlannedPath(LayerPlan layer, InstructionSet set) => layer.Kernels.ForwardPaths.First(p => p.Set == set);

    /// <summary>The vector path planned for the layer's backward pass on <paramref name="set"/>.</summary>
    protected static VectorPath PlannedBackwardPath(LayerPlan layer, InstructionSet set) => layer.Kernels.BackwardPaths.First(p => p.Set == set);

    /// <summary>
    /// Writes <c>LayerN_Kind_Pack</c>, the zero-padded, phase-split copy of the input that the vector kernels of a
    /// convolution or a pool read, when the layer has vector paths and needs one.
    /// </summary>
    protected static void EmitPackHelper(SourceWriter writer, LayerPlan layer)
    {
        // A flat forward pass and the weight gradient over the same shifted copies (see ShiftedColumns) read no packed
        // copy, nor do the Winograd forward pass and weight gradient.
        if (layer.Kernels.Paths.Count > 0 && !layer.Kernels.FlatForward && !(layer.Kernels.WinogradForward && layer.Kernels.WinogradWeightGradient) && ConvLayout.For(layer.Input, layer.Kernel, layer.Stride, layer.Padding).NeedsPacking)
        {
            writer.Line();
            using (writer.Block($"private static void {layer.MethodName}_Pack({Code.ReadOnlySpan} input, {Code.Span} packed)"))
            {
                Conv2DVectorEmitter.EmitPack(writer, layer);
            }
        }
    }

    /// <summary>Declares <c>weight</c> and <c>bias</c> as views of the parameter array.</summary>
    protected static void EmitParameterViews(SourceWriter writer, LayerPlan layer)
    {
        writer.Line($"{Code.ReadOnlySpan} weight = new(_parameters, {layer.WeightOffset}, {layer.WeightLength});");
        writer.Line($"{Code.ReadOnlySpan} bias = new(_parameters, {layer.BiasOffset}, {layer.BiasLength});");
    }

    /// <summary>Declares <c>weightGradient</c> and <c>biasGradient</c> as views of the gradient buffer.</summary>
    protected static void EmitGradientViews(SourceWriter writer, LayerPlan layer)
    {
        writer.Line($"{Code.Span} weightGradient = gradients.Slice({layer.WeightOffset}, {layer.WeightLength});");
        writer.Line($"{Code.Span} biasGradient = gradients.Slice({layer.BiasOffset}, {layer.BiasLength});");
    }
}
