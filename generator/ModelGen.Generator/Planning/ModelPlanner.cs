using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Parsing;

namespace ModelGen.Generator.Planning;

/// <summary>The plan step's output: a plan to emit, or the diagnostics that explain why there is none.</summary>
internal sealed record PlanResult(ModelPlan? Plan, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// Turns a <see cref="ModelSpec"/> into a <see cref="ModelPlan"/>: infers every shape with PyTorch's rules (floor
/// division, no ceil mode), lays out parameters in state_dict order and activations in a ping-pong arena, and
/// counts FLOPs. Every mistake in the declaration becomes a diagnostic on the attribute at fault.
/// </summary>
internal static class ModelPlanner
{
    // Bounds that keep every size an int and the build sane: 2^28 floats is 1 GiB.
    internal const long MaxFloats = 1L << 28;
    internal const int MaxArgument = 1 << 20;

    /// <param name="unrollBudget">
    /// About how many lines the unrolled SIMD kernels of the model may take; beyond it, the largest passes use their
    /// scalar kernels (see FitCodeBudget).
    /// </param>
    public static PlanResult Plan(ModelSpec spec, EquatableArray<InstructionSet> instructionSets, int unrollBudget, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        ModelPlan? plan = TryPlan(spec, instructionSets, unrollBudget, diagnostics, cancellationToken);
        return new PlanResult(plan, diagnostics.ToEquatableArray());
    }

    private static ModelPlan? TryPlan(
        ModelSpec spec, EquatableArray<InstructionSet> instructionSets, int unrollBudget, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(typeof(TaskKind), spec.Task))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownTask, spec.ModelLocation, spec.Task));
            return null;
        }

        var task = (TaskKind)spec.Task;
        var dims = spec.InputShape;
        if ((dims.Count != 1 && dims.Count != 3) || dims.Any(d => d < 1 || d > MaxArgument * 16))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.InvalidInputShape, spec.ModelLocation, string.Join(", ", dims)));
            return null;
        }

        Shape input = dims.Count == 3 ? Shape.Image(dims[0], dims[1], dims[2]) : Shape.Vector(dims[0]);
        if (input.Length > MaxFloats)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.ModelTooLarge, spec.ModelLocation, "The input", "the input length", input.Length, MaxFloats));
            return null;
        }

        if (spec.Layers.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, spec.ModelLocation, spec.TypeName));
            return null;
        }

        var shaped = new List<(LayerSpec Spec, Shape Input, Shape Output)>();
        Shape current = input;
        foreach (LayerSpec layer in spec.Layers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!LayerShapes.CheckArguments(layer, diagnostics) || LayerShapes.Infer(layer, current, diagnostics) is not Shape output)
            {
                return null;
            }

            shaped.Add((layer, current, output));
            current = output;
        }

        if (!CheckHead(spec, task, shaped, diagnostics))
        {
            return null;
        }

        int outputs = (int)shaped[shaped.Count - 1].Output.Length;
        if (spec.LabelNames.Count > 0 && spec.LabelNames.Count != outputs)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LabelCountMismatch, spec.LabelsLocation, spec.LabelNames.Count, outputs));
            return null;
        }

        return Layout(spec, task, input, shaped, instructionSets, unrollBudget, diagnostics);
    }

    private static bool CheckHead(
        ModelSpec spec, TaskKind task, List<(LayerSpec Spec, Shape Input, Shape Output)> layers, List<DiagnosticInfo> diagnostics)
    {
        var last = layers[layers.Count - 1];
        if (last.Spec.Kind.IsActivation())
        {
            string function = task == TaskKind.MultiClass ? "softmax" : "sigmoid";
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.ActivationAfterLastLayer, last.Spec.Location, last.Spec.Declaration, task, function));
            return false;
        }

        if (last.Output.IsImage)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OutputNotVector, last.Spec.Location, last.Output));
            return false;
        }

        int width = last.Output.Channels;
        (bool ok, string needed, string suggestion) = task switch
        {
            TaskKind.Binary => (width == 1, "exactly 1 (one sigmoid probability)", "Dense(1)"),
            TaskKind.MultiClass => (width >= 2, "at least 2 (one per class)", "Dense(K) with K >= 2"),
            _ => (width >= 1, "at least 1 (one per label)", "Dense(K)"),
        };
        if (!ok)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.OutputWidthWrongForTask, last.Spec.Location ?? spec.ModelLocation, width, task, needed, suggestion));
        }

        return ok;
    }

    private static ModelPlan? Layout(
        ModelSpec spec, TaskKind task, Shape input, List<(LayerSpec Spec, Shape Input, Shape Output)> layers,
        EquatableArray<InstructionSet> instructionSets, int unrollBudget, List<DiagnosticInfo> diagnostics)
    {
        int count = layers.Count;
        int slotLength = (int)layers.Max(l => l.Output.Length);
        var kernels = layers
            .Select(l => KernelPlanner.Plan(l.Spec.Kind, l.Input, l.Output, l.Spec.Size, EffectiveStride(l.Spec), l.Spec.Padding, instructionSets))
            .ToList();
        var budgetWarnings = FitCodeBudget(layers, kernels, unrollBudget);
        int forwardScratch = kernels.Max(k => k.ForwardScratch);
        int trainingScratch = kernels.Max(k => System.Math.Max(k.ForwardScratch, k.BackwardScratch));
        var inference = InferenceBuffers(input, layers, slotLength, out int slotsLength);
        var training = TrainingBuffers(input, layers, out long activationLength);
        long trainingArenaLength = activationLength + (2L * slotLength) + trainingScratch;
        if (trainingArenaLength > MaxFloats)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.ModelTooLarge, spec.ModelLocation, "Training", "the activations kept per sample", trainingArenaLength, MaxFloats));
            return null;
        }

        // Backward: the loss writes the last output's gradient into slot 0; a layer that changes shape or mixes
        // values writes its input gradient into the other slot, elementwise layers and Flatten stay in place.
        var gradients = new (BufferRef Output, BufferRef Input)[count];
        int slot = 0;
        for (int i = count - 1; i >= 0; i--)
        {
            var (layer, inShape, outShape) = layers[i];
            BufferRef outputGradient = new(BufferKind.Arena, (int)activationLength + (slot * slotLength), (int)outShape.Length);
            bool inPlace = layer.Kind == LayerKind.Flatten || layer.Kind.IsActivation();
            int inputSlot = inPlace ? slot : 1 - slot;
            gradients[i] = (outputGradient, new BufferRef(BufferKind.Arena, (int)activationLength + (inputSlot * slotLength), (int)inShape.Length));
            slot = inputSlot;
        }

        var plans = new List<LayerPlan>();
        long parameterOffset = 0;
        long flops = 0;
        bool parametersBelow = false;
        int torchIndex = 0;
        for (int i = 0; i < count; i++)
        {
            var (layer, inShape, outShape) = layers[i];
            (long weights, long biases, int fanIn) = LayerShapes.ParameterCounts(layer, inShape, outShape);
            long layerFlops = LayerShapes.Flops(layer, inShape, outShape);
            if (parameterOffset + weights + biases > MaxFloats)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ModelTooLarge, layer.Location, layer.Declaration, "the parameter count", parameterOffset + weights + biases, MaxFloats));
                return null;
            }

            plans.Add(new LayerPlan(
                i, layer.Kind, layer.Declaration, inShape, outShape, layer.Size, EffectiveStride(layer), layer.Padding, layer.Slope,
                (int)parameterOffset, (int)weights, (int)(parameterOffset + weights), (int)biases, fanIn, layerFlops,
                inference[i].Source, inference[i].Destination, training[i].Source, training[i].Destination,
                gradients[i].Output, gradients[i].Input, NeedsInputGradient: parametersBelow, torchIndex, kernels[i]));
            torchIndex += layer.Kind == LayerKind.GlobalAvgPool2D ? 2 : 1;
            parametersBelow |= weights + biases > 0;
            parameterOffset += weights + biases;
            flops += layerFlops;
        }

        // ReLU then MaxPool2D: the pool's backward pass routes each output gradient to its window's maximum, a ReLU
        // output; passing it only where that maximum is above zero is exactly the ReLU's backward pass (which works
        // in place on the same buffer), so the pool does it and the ReLU's is not run.
        for (int i = 1; i < plans.Count; i++)
        {
            if (plans[i].Kind == LayerKind.MaxPool2D && plans[i - 1].Kind == LayerKind.ReLU && plans[i].NeedsInputGradient)
            {
                plans[i] = plans[i] with { MasksReluGradient = true };
                plans[i - 1] = plans[i - 1] with { BackwardDoneByNext = true };
            }

            // Training skips that ReLU's pass too: the pool reads the values before it, and its backward pass finds the
            // same winners there (a maximum above zero wins in both; at or below zero no gradient passes).
            if (plans[i].Kind == LayerKind.MaxPool2D && plans[i - 1].Kind == LayerKind.ReLU && plans[i - 1].Source == plans[i - 1].Destination)
            {
                // Then the ReLU's own kernels serve only LayerOutputs (which allocates anyway): its scalar loop will do.
                plans[i] = plans[i] with { AppliesReluBefore = true, TrainingSource = plans[i - 1].TrainingSource };
                plans[i - 1] = plans[i - 1] with { ForwardDoneByNext = true, Kernels = plans[i - 1].BackwardDoneByNext ? LayerKernels.ScalarOnly : plans[i - 1].Kernels };
            }
        }

        // Winograd Conv2D, ReLU, MaxPool2D(2): the pool's windows are the convolution's 2x2 output tiles when the tiles
        // cover the output exactly. Inference then saves the pool's pass and three quarters of the result's transpose:
        // the reference CNN's Predict 5.05-5.09 -> 4.85-4.95 us (predict benchmark, 2026-12-08, alternating binaries).
        // The pool's output may be the convolution's input slot (ping-pong): the Winograd pass has transformed all of
        // its input before it writes, and the scalar path writes the pool's output last.
        for (int i = 2; i < plans.Count; i++)
        {
            LayerPlan conv = plans[i - 2], pool = plans[i];
            if (pool.AppliesReluBefore && pool.Kernel == 2 && pool.Stride == 2 && pool.Padding == 0 && conv.Kind == LayerKind.Conv2D && conv.Kernels.WinogradForward
                && !WinogradTiles.Forward(conv.Input, conv.Output, conv.Padding).NeedsCrop && pool.Input == conv.Output)
            {
                plans[i - 2] = conv with { PoolsInInference = true };
                plans[i] = pool with { InferenceDoneByConv = true };
            }
        }

        // After the scratch: the samples kept for deferred weight gradients.
        for (int i = 0; i < plans.Count; i++)
        {
            if (DeferredWeightGradient.Applies(plans[i].Kind, plans[i].WeightLength))
            {
                plans[i] = plans[i] with { DeferredGradientOffset = (int)trainingArenaLength };
                trainingArenaLength += DeferredWeightGradient.LengthOf(plans[i].Input, plans[i].Output);
            }
        }

        if (trainingArenaLength > MaxFloats)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.ModelTooLarge, spec.ModelLocation, "Training", "the activations kept per sample", trainingArenaLength, MaxFloats));
            return null;
        }

        BatchedForward? batched = BatchedForward.Plan(plans, ref trainingArenaLength, MaxFloats);
        diagnostics.AddRange(budgetWarnings);
        Shape output = layers[count - 1].Output;
        (LayerPlan[] packedPlans, int packedLength) = PackedWeights.Assign([.. plans]);
        return new ModelPlan(
            spec.Namespace,
            spec.TypeName,
            spec.ContainingTypes,
            task,
            input,
            packedPlans.ToEquatableArray(),
            (int)parameterOffset,
            slotsLength + forwardScratch,
            inference[count - 1].Destination,
            slotsLength,
            (int)trainingArenaLength,
            (int)(activationLength + (2L * slotLength)),
            training[count - 1].Destination,
            gradients[count - 1].Output,
            (int)output.Length,
            task == TaskKind.MultiLabel ? (int)output.Length : 1,
            flops,
            spec.LabelNames,
            instructionSets) { PackedWeightsLength = packedLength, BatchedForward = batched };
    }

    /// <summary>
    /// Keeps the unrolled SIMD kernels of a model within <paramref name="budget"/> lines: while they would exceed it,
    /// the largest pass falls back to its scalar kernels, which are loops of constant size: a backward pass on its
    /// own, or a forward pass together with its backward pass. Returns a warning for each layer that fell back.
    /// </summary>
    private static List<DiagnosticInfo> FitCodeBudget(List<(LayerSpec Spec, Shape Input, Shape Output)> layers, List<LayerKernels> kernels, int budget)
    {
        var needsInputGradient = new bool[layers.Count];
        for (int i = 1; i < layers.Count; i++)
        {
            needsInputGradient[i] = needsInputGradient[i - 1] || layers[i - 1].Spec.Kind.HasParameters();
        }

        (double Forward, double Backward) Lines(int i) =>
            KernelPlanner.UnrolledLines(layers[i].Spec.Kind, layers[i].Input, layers[i].Output, layers[i].Spec.Size, EffectiveStride(layers[i].Spec), needsInputGradient[i], kernels[i]);

        var planned = Enumerable.Range(0, layers.Count).Select(Lines).ToList();
        var lines = planned.ToList();
        while (lines.Sum(l => l.Forward + l.Backward) > budget)
        {
            int worst = Enumerable.Range(0, lines.Count).OrderByDescending(i => Math.Max(lines[i].Forward, lines[i].Backward)).First();
            kernels[worst] = lines[worst].Backward > lines[worst].Forward
                ? kernels[worst] with { BackwardScratch = 0, ScalarBackward = true }
                : LayerKernels.ScalarOnly;
            lines[worst] = Lines(worst);
        }

        var warnings = new List<DiagnosticInfo>();
        for (int i = 0; i < layers.Count; i++)
        {
            if (lines[i] != planned[i])
            {
                bool forward = lines[i].Forward == 0;
                warnings.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ScalarKernelForCodeSize,
                    layers[i].Spec.Location,
                    layers[i].Spec.Declaration,
                    forward ? "its forward and backward passes" : "its backward pass (training)",
                    (long)Math.Min((forward ? planned[i].Forward : 0) + planned[i].Backward, long.MaxValue),
                    budget));
            }
        }

        return warnings;
    }

    /// <summary>
    /// Two arena slots, each as large as the largest activation: a layer reads one and writes the other.
    /// Elementwise activations work in place, and Flatten only renames the buffer it is given.
    /// </summary>
    private static (BufferRef Source, BufferRef Destination)[] InferenceBuffers(
        Shape input, List<(LayerSpec Spec, Shape Input, Shape Output)> layers, int slotLength, out int arenaLength)
    {
        var buffers = new (BufferRef, BufferRef)[layers.Count];
        BufferRef current = new(BufferKind.Input, 0, (int)input.Length);
        bool usesSecondSlot = false;
        for (int i = 0; i < layers.Count; i++)
        {
            var (layer, _, outShape) = layers[i];
            BufferRef destination;
            if (layer.Kind == LayerKind.Flatten || (layer.Kind.IsActivation() && current.Kind == BufferKind.Arena))
            {
                destination = current with { Length = (int)outShape.Length };
            }
            else
            {
                int offset = current.Kind == BufferKind.Arena && current.Offset == 0 ? slotLength : 0;
                usesSecondSlot |= offset != 0;
                destination = new BufferRef(BufferKind.Arena, offset, (int)outShape.Length);
            }

            buffers[i] = (current, destination);
            current = destination;
        }

        arenaLength = usesSecondSlot ? 2 * slotLength : slotLength;
        return buffers;
    }

    /// <summary>Every layer's output kept one after another, as the backward pass reads them; Flatten shares its input's.</summary>
    private static (BufferRef Source, BufferRef Destination)[] TrainingBuffers(
        Shape input, List<(LayerSpec Spec, Shape Input, Shape Output)> layers, out long activationLength)
    {
        var buffers = new (BufferRef, BufferRef)[layers.Count];
        BufferRef current = new(BufferKind.Input, 0, (int)input.Length);
        activationLength = 0;
        for (int i = 0; i < layers.Count; i++)
        {
            var (layer, _, outShape) = layers[i];
            BufferRef destination = layer.Kind == LayerKind.Flatten
                ? current with { Length = (int)outShape.Length }
                : new BufferRef(BufferKind.Arena, (int)Math.Min(activationLength, int.MaxValue), (int)outShape.Length);
            if (layer.Kind != LayerKind.Flatten)
            {
                activationLength += outShape.Length;
            }

            buffers[i] = (current, destination);
            current = destination;
        }

        return buffers;
    }

    private static int EffectiveStride(LayerSpec layer) => layer.Kind switch
    {
        LayerKind.MaxPool2D or LayerKind.AvgPool2D when layer.Stride == 0 => layer.Size,
        _ => layer.Stride,
    };
}
