using ModelGen.Generator.Parsing;

namespace ModelGen.Generator.Planning;

/// <summary>The tasks of ModelGen.ModelTask, with the same numbers.</summary>
internal enum TaskKind
{
    MultiClass = 0,
    Binary = 1,
    MultiLabel = 2,
}

internal enum BufferKind
{
    /// <summary>The caller's input span.</summary>
    Input,

    /// <summary>A slice of the per-thread activation arena.</summary>
    Arena,
}

/// <summary>Where a layer reads or writes its activations.</summary>
internal readonly record struct BufferRef(BufferKind Kind, int Offset, int Length);

/// <summary>
/// One layer with everything resolved: shapes, where its parameters live in the parameter array, where its
/// activations live, and its cost. Parameter-free layers have zero-length weights and biases.
/// </summary>
internal sealed record LayerPlan(
    int Index,
    LayerKind Kind,
    string Declaration,
    Shape Input,
    Shape Output,
    int Kernel,
    int Stride,
    int Padding,
    float Slope,
    int WeightOffset,
    int WeightLength,
    int BiasOffset,
    int BiasLength,
    int FanIn,
    long Flops,
    BufferRef Source,
    BufferRef Destination,
    BufferRef TrainingSource,
    BufferRef TrainingDestination,
    BufferRef OutputGradient,
    BufferRef InputGradient,
    bool NeedsInputGradient,
    int TorchIndex,
    LayerKernels Kernels)
{
    public int ParameterCount => WeightLength + BiasLength;

    // TorchIndex: the layer's index in the equivalent nn.Sequential, which names its state_dict entries. It differs
    // from Index after a GlobalAvgPool2D, which PyTorch spells as two modules (AdaptiveAvgPool2d, Flatten).

    /// <summary>The method that runs this layer's forward pass, named so a reader can find the layer: Layer3_MaxPool2D.</summary>
    public string MethodName => $"Layer{Index}_{Kind}";

    /// <summary>
    /// A MaxPool2D right after a ReLU: its backward pass passes gradient only where the winning (ReLU output) value is
    /// above zero, which is the ReLU's backward pass, so that one is not run (<see cref="BackwardDoneByNext"/>).
    /// </summary>
    public bool MasksReluGradient { get; init; }

    /// <summary>A ReLU whose backward pass the MaxPool2D after it does (<see cref="MasksReluGradient"/>).</summary>
    public bool BackwardDoneByNext { get; init; }

    /// <summary>
    /// A MaxPool2D right after an in-place ReLU: it stores max(maximum, 0), which is the pool of the ReLU's output (a
    /// window's maximum commutes with max(x, 0), NaN included), so inference skips the ReLU's pass over the whole
    /// activation (<see cref="ForwardDoneByNext"/>). Training skips it too: the pool's training source is the ReLU's, and
    /// LayerOutputs runs the ReLU afterwards for its output.
    /// </summary>
    public bool AppliesReluBefore { get; init; }

    /// <summary>A ReLU that inference and training leave to the MaxPool2D after it (<see cref="AppliesReluBefore"/>).</summary>
    public bool ForwardDoneByNext { get; init; }

    /// <summary>
    /// A Winograd Conv2D followed by ReLU and a 2x2 stride-2 MaxPool2D whose windows are its 2x2 output tiles: on its
    /// vector paths inference takes each tile's maximum, bias and ReLU in the output transform and stores only the
    /// pooled values (a quarter of the result to transpose, and no pool pass). Training and LayerOutputs run the
    /// layers one by one, as they keep the activations.
    /// </summary>
    public bool PoolsInInference { get; init; }

    /// <summary>A MaxPool2D that inference leaves to the Conv2D two layers before it (<see cref="PoolsInInference"/>).</summary>
    public bool InferenceDoneByConv { get; init; }

    /// <summary>Where this layer's weights sit in the packed-weight array as [input channel, tap, output channel] for the lane forward kernel, or -1 (see <see cref="PackedWeights"/>).</summary>
    public int LaneForwardWeights { get; init; } = -1;

    /// <summary>Where they sit as [tap, output channel, input channel] for the lane input-gradient kernel, or -1.</summary>
    public int LaneInputGradientWeights { get; init; } = -1;

    /// <summary>Where the Winograd forward kernel's transformed weights sit, [position, input channel, output channel], or -1.</summary>
    public int WinogradForwardWeights { get; init; } = -1;

    /// <summary>Where the Winograd input-gradient kernel's transformed (turned) weights sit, [position, output channel, input channel], or -1.</summary>
    public int WinogradInputGradientWeights { get; init; } = -1;

    /// <summary>Where a large Dense layer's weights sit in blocks of rows for its forward kernel (see <see cref="DenseRowBlocks"/>), or -1.</summary>
    public int DenseRowBlockWeights { get; init; } = -1;

    /// <summary>
    /// Where the training arena keeps the inputs and output gradients of the last samples for a weight gradient summed
    /// over several at once ([sample, input] then [sample, output], see <see cref="DeferredWeightGradient"/>), or -1.
    /// </summary>
    public int DeferredGradientOffset { get; init; } = -1;

    public bool DefersWeightGradient => DeferredGradientOffset >= 0;

    /// <summary>Whether the backward pass has anything to do here: parameter gradients or an input gradient.</summary>
    public bool HasBackward => !BackwardDoneByNext && (ParameterCount > 0 || NeedsInputGradient);
}

/// <summary>
/// A whole model ready to emit: every shape, offset and size is known. Inference runs in a small ping-pong arena
/// (<see cref="ArenaLength"/>); training keeps every layer's output for the backward pass, plus two gradient slots
/// (<see cref="TrainingArenaLength"/>). Both arenas end with scratch memory for the kernels that pack their inputs.
/// </summary>
internal sealed record ModelPlan(
    string? Namespace,
    string TypeName,
    EquatableArray<ContainingType> ContainingTypes,
    TaskKind Task,
    Shape Input,
    EquatableArray<LayerPlan> Layers,
    int ParameterCount,
    int ArenaLength,
    BufferRef Result,
    int ScratchOffset,
    int TrainingArenaLength,
    int TrainingScratchOffset,
    BufferRef TrainingResult,
    BufferRef ResultGradient,
    int OutputLength,
    int TargetLength,
    long Flops,
    EquatableArray<string> LabelNames,
    EquatableArray<InstructionSet> InstructionSets)
{
    /// <summary>Floats of weights kept in the kernels' own layouts (see <see cref="PackedWeights"/>); 0 when no kernel needs them.</summary>
    public int PackedWeightsLength { get; init; }

    /// <summary>The layer whose forward pass training runs for several samples at once, or null (see <see cref="Planning.BatchedForward"/>).</summary>
    public BatchedForward? BatchedForward { get; init; }

    public string FullName => (Namespace is null ? "" : Namespace + ".") +
        string.Concat(System.Linq.Enumerable.Select(ContainingTypes, t => t.Name + ".")) + TypeName;

    // A hint name allows identifier characters and a few others, but not '@' (a keyword used as a name, as in
    // namespace Scans.@event) or '\' (a unicode escape in a containing type's name); '@x' and 'x' are one name.
    public string HintName => System.Text.RegularExpressions.Regex.Replace(FullName.Replace("@", string.Empty), @"[^\w.]", "_") + ".g.cs";
}
