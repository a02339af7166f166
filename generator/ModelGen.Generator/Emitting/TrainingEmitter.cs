using System.Linq;
using ModelGen.Generator.Emitting.Layers;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting;

/// <summary>Writes the training half of a model: optimizer state, the kept-activation forward pass, backward, TrainBatch.</summary>
internal static class TrainingEmitter
{
    public static void EmitMembers(SourceWriter writer, ModelPlan plan)
    {
        writer.Line($"private const int TrainingArenaLength = {plan.TrainingArenaLength};");
        writer.Line("private global::ModelGen.Optimizer _optimizer = new global::ModelGen.Adam();");
        writer.Line("private global::ModelGen.OptimizerState? _optimizerState;");
        writer.Line("private global::ModelGen.TrainingWorkspace? _trainingWorkspace;");
        writer.Line();
        writer.Line("/// <summary>The update rule TrainBatch and Fit use (Adam with PyTorch's defaults until set). Setting it discards the accumulated optimizer state.</summary>");
        using (writer.Block("public global::ModelGen.Optimizer Optimizer"))
        {
            writer.Line("get => _optimizer;");
            writer.Line("set { _optimizer = value ?? throw new global::System.ArgumentNullException(nameof(value)); _optimizerState = null; }");
        }

        writer.Line();
        string labels = plan.LabelNames.Count == 0
            ? "null"
            : "new string[] { " + string.Join(", ", plan.LabelNames.Select(SummaryText.Literal)) + " }";
        writer.Line("/// <summary>The names declared with [Labels], one per output, or null.</summary>");
        writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<string>? LabelNames {{ get; }} = {labels};");
        writer.Line();
        writer.Line($"global::ModelGen.ModelTask global::ModelGen.ITrainableModel.Task => global::ModelGen.ModelTask.{plan.Task};");
        writer.Line("int global::ModelGen.ITrainableModel.TrainingArenaLength => TrainingArenaLength;");
        writer.Line("global::ModelGen.Serialization.ModelDescription global::ModelGen.ITrainableModel.Description => Description;");
        writer.Line("global::ModelGen.OptimizerState? global::ModelGen.ITrainableModel.OptimizerState { get => _optimizerState; set => _optimizerState = value; }");
    }

    public static void EmitMethods(SourceWriter writer, ModelPlan plan)
    {
        writer.Line("/// <summary>");
        writer.Line("/// One optimizer step on a mini-batch (batch size = inputs.Length / InputLength): forward, loss, backward, update.");
        writer.Line("/// Returns the mean loss as PyTorch reduces it. A NaN or infinite loss or gradient leaves the parameters unchanged and is returned as is.");
        writer.Line("/// </summary>");
        using (writer.Block($"public float TrainBatch({Code.ReadOnlySpan} inputs, {Code.ReadOnlySpan} targets)"))
        {
            writer.Line("_trainingWorkspace ??= new global::ModelGen.TrainingWorkspace(ParameterCount, TrainingArenaLength, 1);");
            writer.Line("return global::ModelGen.ModelTrainer.TrainBatch(this, inputs, targets, _trainingWorkspace);");
        }

        writer.Line();
        writer.Line("/// <summary>Trains for FitOptions.Epochs epochs (default 10) of mini-batches, with optional validation, progress and early stopping.</summary>");
        using (writer.Block("public global::ModelGen.TrainingHistory Fit(global::ModelGen.TrainingData training, global::ModelGen.FitOptions? options = null, global::System.IProgress<global::ModelGen.TrainingProgress>? progress = null, global::System.Threading.CancellationToken cancellationToken = default)"))
        {
            writer.Line("return global::ModelGen.ModelTrainer.Fit(this, training, options ?? new global::ModelGen.FitOptions(), progress, cancellationToken);");
        }

        writer.Line();
        writer.Line("/// <summary>Loss and the task's metrics (accuracy, AUROC per label with DeLong intervals, macro AUROC, average precision) on a data set.</summary>");
        using (writer.Block("public global::ModelGen.EvaluationReport Evaluate(global::ModelGen.TrainingData data)"))
        {
            writer.Line("return global::ModelGen.ModelTrainer.Evaluate(this, data, LabelNames);");
        }

        writer.Line();
        EmitLayerOutputs(writer, plan);
        writer.Line();
        EmitPersistence(writer);
        writer.Line();
        writer.Line("/// <summary>Wraps inputs and targets laid out sample after sample as a data set for this model, checking their lengths.</summary>");
        using (writer.Block("public static global::ModelGen.TrainingData CreateData(global::System.ReadOnlyMemory<float> inputs, global::System.ReadOnlyMemory<float> targets)"))
        {
            writer.Line("return new global::ModelGen.TrainingData(inputs, targets, InputLength, TargetLength);");
        }

        writer.Line();
        using (writer.Block($"void global::ModelGen.ITrainableModel.ApplyGradients({Code.ReadOnlySpan} gradients)"))
        {
            writer.Line("_optimizerState ??= _optimizer.CreateState(ParameterCount);");
            writer.Line("_optimizer.Step(_parameters, gradients, _optimizerState);");
            PackedWeightsEmitter.EmitRefresh(writer, plan);
        }

        writer.Line();
        EmitAccumulateGradients(writer, plan);
        writer.Line();
        EmitForwardTraining(writer, plan);
        writer.Line();
        EmitBackward(writer, plan);
    }

    private static void EmitPersistence(SourceWriter writer)
    {
        const string Serialization = "global::ModelGen.Serialization";
        writer.Line("/// <summary>Saves parameters, optimizer and optimizer state to a versioned, checksummed weight file; atomically (a failed save leaves the previous file intact).</summary>");
        writer.Line($"public void Save(string path) => {Serialization}.WeightFile.Save(path, Description, ParametersForSaving(), OptimizerForSaving());");
        writer.Line();
        writer.Line("/// <summary>Writes parameters, optimizer and optimizer state as a weight file to a stream.</summary>");
        writer.Line($"public void Save(global::System.IO.Stream stream) => {Serialization}.WeightFile.Write(stream, Description, ParametersForSaving(), OptimizerForSaving());");
        writer.Line();
        writer.Line("/// <summary>Replaces parameters (and the optimizer, if saved) from a weight file; on any problem throws and leaves the model as it was.</summary>");
        writer.Line($"public void Load(string path) => Apply({Serialization}.WeightFile.Load(path, Description));");
        writer.Line();
        writer.Line("/// <summary>Replaces parameters (and the optimizer, if saved) from a weight file in a stream; on any problem throws and leaves the model as it was.</summary>");
        writer.Line($"public void Load(global::System.IO.Stream stream) => Apply({Serialization}.WeightFile.Read(stream, Description));");
        writer.Line();
        writer.Line("/// <summary>Saves the parameters as safetensors with the names nn.Sequential gives them (optionally prefixed), for PyTorch.</summary>");
        writer.Line($"public void SaveSafetensors(string path, string namePrefix = \"\") => {Serialization}.SafeTensors.Save(path, Description, ParametersForSaving(), null, namePrefix);");
        writer.Line();
        writer.Line("/// <summary>Replaces the parameters from a safetensors file (from PyTorch); on any problem throws and leaves the model as it was.</summary>");
        writer.Line($"public void LoadSafetensors(string path, string namePrefix = \"\") => ImportParameters({Serialization}.SafeTensors.Load(path, Description, namePrefix));");
        writer.Line();
        using (writer.Block("private float[] ParametersForSaving()"))
        {
            writer.Line("var parameters = new float[ParameterCount];");
            writer.Line("ExportParameters(parameters);");
            writer.Line("return parameters;");
        }

        writer.Line();
        writer.Line($"private {Serialization}.SavedOptimizer? OptimizerForSaving() =>");
        writer.Line($"    {Serialization}.SavedOptimizer.IsSupported(_optimizer) ? new {Serialization}.SavedOptimizer(_optimizer, _optimizerState) : null;");
        writer.Line();
        writer.Line("// The file was validated completely before this runs, so nothing here can fail halfway.");
        using (writer.Block($"private void Apply({Serialization}.WeightFileContents contents)"))
        {
            writer.Line("ImportParameters(contents.Parameters);");
            using (writer.Block("if (contents.Optimizer is { } saved)"))
            {
                writer.Line("_optimizer = saved.Optimizer;");
                writer.Line("_optimizerState = saved.State;");
            }
        }
    }

    private static void EmitAccumulateGradients(SourceWriter writer, ModelPlan plan)
    {
        using (writer.Block($"double global::ModelGen.ITrainableModel.AccumulateGradients({Code.ReadOnlySpan} inputs, {Code.ReadOnlySpan} targets, {Code.Span} gradients, {Code.Span} arena, float gradientScale)"))
        {
            writer.Line($"global::ModelGen.Internal.SpanGuard.Training(inputs.Length, InputLength, targets.Length, TargetLength, gradients.Length, ParameterCount, arena.Length, TrainingArenaLength, \"{plan.TypeName}\");");
            writer.Line("double loss = 0;");
            writer.Line("int samples = inputs.Length / InputLength;");
            if (plan.BatchedForward is { } batched)
            {
                EmitBatchedSamples(writer, plan, batched);
            }
            else
            {
                using (writer.Block("for (int n = 0; n < samples; n++)"))
                {
                    writer.Line($"{Code.ReadOnlySpan} input = inputs.Slice(n * InputLength, InputLength);");
                    writer.Line("ForwardTraining(input, arena);");
                    EmitLoss(writer, plan);
                    if (Deferred(plan).Any())
                    {
                        int k = DeferredWeightGradient.Samples;
                        writer.Line($"Backward(input, arena, gradients, n % {k});");
                        using (writer.Block($"if (n % {k} == {k - 1} || n == samples - 1)"))
                        {
                            writer.Line($"AddDeferredWeightGradients(arena, gradients, n % {k} + 1);");
                        }
                    }
                    else
                    {
                        writer.Line("Backward(input, arena, gradients);");
                    }
                }
            }

            writer.Line("return loss;");
        }

        if (Deferred(plan).Any())
        {
            writer.Line();
            EmitAddDeferredWeightGradients(writer, plan);
        }

        if (plan.BatchedForward is { } slots)
        {
            writer.Line();
            writer.Line($"// Where sample k of a group keeps the outputs of the layers before {plan.Layers[slots.Layer].MethodName}: their usual places for the first, a slot of its own for each other.");
            writer.Line($"private static int SampleSlot(int sample) => sample == 0 ? 0 : {slots.SlotsOffset - slots.SlotLength} + sample * {slots.SlotLength};");
        }
    }

    /// <summary>Groups of samples: each runs the layers before the batched one in its slot, that layer runs for all of them, then each finishes.</summary>
    private static void EmitBatchedSamples(SourceWriter writer, ModelPlan plan, BatchedForward batched)
    {
        LayerPlan layer = plan.Layers[batched.Layer];
        int k = BatchedForward.Samples, outputs = (int)layer.Output.Length;
        using (writer.Block($"for (int first = 0; first < samples; first += {k})"))
        {
            writer.Line($"int count = global::System.Math.Min({k}, samples - first);");
            writer.Line($"// {layer.MethodName} reads its weights once for the group's samples (the inputs of any not taken are left over and their outputs unused).");
            using (writer.Block("for (int sample = 0; sample < count; sample++)"))
            {
                writer.Line($"{ForwardBefore(layer)}(inputs.Slice((first + sample) * InputLength, InputLength), arena, sample);");
            }

            writer.Line($"{layer.MethodName}_Samples(arena.Slice({KeptOffsets(layer).Inputs}, {k * layer.Input.Length}), arena.Slice({batched.OutputsOffset}, {k * outputs}));");
            using (writer.Block("for (int sample = 0; sample < count; sample++)"))
            {
                writer.Line("int n = first + sample;");
                writer.Line($"arena.Slice({batched.OutputsOffset} + sample * {outputs}, {outputs}).CopyTo({Buffer(layer.TrainingDestination)});");
                writer.Line($"{ForwardAfter(layer)}(arena);");
                EmitLoss(writer, plan);
                writer.Line($"{BackwardAfter(layer)}(arena, gradients, sample);");
            }

            if (RunsBackwardBefore(plan, batched))
            {
                writer.Line($"{layer.MethodName}_InputGradient_Samples(arena.Slice({KeptOffsets(layer).OutputGradients}, {k * outputs}), arena.Slice({batched.InputGradientsOffset}, {k * layer.Input.Length}));");
                using (writer.Block("for (int sample = 0; sample < count; sample++)"))
                {
                    writer.Line($"{BackwardBefore(layer)}(inputs.Slice((first + sample) * InputLength, InputLength), arena, gradients, sample);");
                }
            }

            writer.Line("AddDeferredWeightGradients(arena, gradients, count);");
        }
    }

    private static void EmitLoss(SourceWriter writer, ModelPlan plan)
    {
        string logits = Buffer(plan.TrainingResult);
        string gradient = Buffer(plan.ResultGradient);
        writer.Line(plan.Task == TaskKind.MultiClass
            ? $"loss += global::ModelGen.Losses.SoftmaxCrossEntropy({logits}, (int)targets[n], {gradient}, gradientScale);"
            : $"loss += global::ModelGen.Losses.BinaryCrossEntropyWithLogits({logits}, targets.Slice(n * TargetLength, TargetLength), {gradient}, gradientScale);");
    }

    private static string ForwardBefore(LayerPlan layer) => $"ForwardBefore{layer.MethodName}";

    private static string ForwardAfter(LayerPlan layer) => $"ForwardAfter{layer.MethodName}";

    private static string BackwardAfter(LayerPlan layer) => $"BackwardAfter{layer.MethodName}";

    private static string BackwardBefore(LayerPlan layer) => $"BackwardBefore{layer.MethodName}";

    private static System.Collections.Generic.IEnumerable<LayerPlan> Deferred(ModelPlan plan) => plan.Layers.Where(l => l.DefersWeightGradient);

    /// <summary>Where a deferred layer keeps its samples' inputs ([sample, input]) and output gradients ([sample, output]) in the training arena.</summary>
    private static (int Inputs, int OutputGradients) KeptOffsets(LayerPlan layer) =>
        (layer.DeferredGradientOffset, layer.DeferredGradientOffset + (DeferredWeightGradient.Samples * (int)layer.Input.Length));

    /// <summary>The weight gradients summed over the samples kept since the last call (see DeferredWeightGradient); the slots of samples not taken are cleared first.</summary>
    private static void EmitAddDeferredWeightGradients(SourceWriter writer, ModelPlan plan)
    {
        int k = DeferredWeightGradient.Samples;
        writer.Line($"// The weight gradients of large Dense layers, summed over the last samples (up to {k}) at once: each row read and written once.");
        using (writer.Block($"private void AddDeferredWeightGradients({Code.Span} arena, {Code.Span} gradients, int samples)"))
        {
            foreach (LayerPlan layer in Deferred(plan))
            {
                (int inputs, int outputs) = ((int)layer.Input.Length, (int)layer.Output.Length);
                (int keptInputs, int keptGradients) = KeptOffsets(layer);
                using (writer.Block($"if (samples < {k})"))
                {
                    writer.Line($"arena.Slice({keptInputs} + samples * {inputs}, ({k} - samples) * {inputs}).Clear();");
                    writer.Line($"arena.Slice({keptGradients} + samples * {outputs}, ({k} - samples) * {outputs}).Clear();");
                }

                writer.Line($"{layer.MethodName}_WeightGradient(arena.Slice({keptInputs}, {k * inputs}), arena.Slice({keptGradients}, {k * outputs}), gradients);");
            }
        }
    }

    private static void EmitLayerOutputs(SourceWriter writer, ModelPlan plan)
    {
        writer.Line("/// <summary>");
        writer.Line("/// Runs one sample and returns every layer's output, one array per entry of Description.Layers (images CHW, after the");
        writer.Line("/// layer: a convolution's output before its ReLU, the ReLU's after it), for looking inside a model: feature maps, activation ranges.");
        writer.Line("/// It allocates; Predict is the fast path.");
        writer.Line("/// </summary>");
        using (writer.Block($"public float[][] LayerOutputs({Code.ReadOnlySpan} input)"))
        {
            writer.Line($"global::ModelGen.Internal.SpanGuard.Length(input.Length, InputLength, \"{plan.TypeName}\", \"an input\", nameof(input));");
            writer.Line($"{Code.Span} arena = new float[TrainingArenaLength];");
            writer.Line("ForwardTraining(input, arena);");
            foreach (LayerPlan layer in plan.Layers.Where(l => l.ForwardDoneByNext))
            {
                writer.Line($"{layer.MethodName}({Buffer(layer.TrainingSource)}, {Buffer(layer.TrainingDestination)}); // left to the MaxPool2D after it in training");
            }

            writer.Line("return new float[][]");
            writer.Line("{");
            foreach (LayerPlan layer in plan.Layers)
            {
                writer.Line($"    {Buffer(layer.TrainingDestination)}.ToArray(),");
            }

            writer.Line("};");
        }
    }

    private static void EmitForwardTraining(SourceWriter writer, ModelPlan plan)
    {
        writer.Line("// The forward pass for training keeps every layer's output in the arena for the backward pass.");
        if (plan.BatchedForward is not { } batched)
        {
            using (writer.Block($"private void ForwardTraining({Code.ReadOnlySpan} input, {Code.Span} arena)"))
            {
                PackedWeightsEmitter.EmitRowBlocksCheck(writer, plan);
                EmitForwardLayers(writer, plan, plan.Layers, null);
            }

            return;
        }

        LayerPlan layer = plan.Layers[batched.Layer];
        using (writer.Block($"private void ForwardTraining({Code.ReadOnlySpan} input, {Code.Span} arena)"))
        {
            PackedWeightsEmitter.EmitRowBlocksCheck(writer, plan);
            writer.Line($"{ForwardBefore(layer)}(input, arena, 0);");
            EmitForwardLayers(writer, plan, [layer], null);
            writer.Line($"{ForwardAfter(layer)}(arena);");
        }

        writer.Line();
        writer.Line($"// The layers before {layer.MethodName}, in the sample's slot (see SampleSlot), and its input kept for the layer's weight gradient.");
        using (writer.Block($"private void {ForwardBefore(layer)}({Code.ReadOnlySpan} input, {Code.Span} arena, int sample)"))
        {
            writer.Line("int slot = SampleSlot(sample);");
            EmitForwardLayers(writer, plan, plan.Layers.Take(batched.Layer), batched);
            writer.Line($"{Buffer(layer.TrainingSource, batched)}.CopyTo(arena.Slice({KeptOffsets(layer).Inputs} + sample * {layer.Input.Length}, {layer.Input.Length}));");
        }

        writer.Line();
        using (writer.Block($"private void {ForwardAfter(layer)}({Code.Span} arena)"))
        {
            EmitForwardLayers(writer, plan, plan.Layers.Skip(batched.Layer + 1), null);
        }
    }

    private static void EmitForwardLayers(SourceWriter writer, ModelPlan plan, System.Collections.Generic.IEnumerable<LayerPlan> layers, BatchedForward? batched)
    {
        foreach (LayerPlan layer in layers.Where(l => LayerEmitter.For(l.Kind) is not null))
        {
            if (layer.ForwardDoneByNext)
            {
                writer.Line($"// {layer.MethodName}: done by the MaxPool2D after it, which reads its input.");
                continue;
            }

            writer.Line($"{layer.MethodName}({Buffer(layer.TrainingSource, batched)}, {Buffer(layer.TrainingDestination, batched)}{ModelEmitter.Scratch(layer, plan.TrainingScratchOffset)});");
        }
    }

    private static void EmitBackward(SourceWriter writer, ModelPlan plan)
    {
        writer.Line("// Layers in reverse; the loss has written the gradient of the last output. Gradients add into `gradients`.");
        if (plan.BatchedForward is not { } batched)
        {
            string sample = Deferred(plan).Any() ? ", int sample" : "";
            using (writer.Block($"private void Backward({Code.ReadOnlySpan} input, {Code.Span} arena, {Code.Span} gradients{sample})"))
            {
                EmitBackwardLayers(writer, plan, plan.Layers, null);
            }

            return;
        }

        LayerPlan layer = plan.Layers[batched.Layer];
        using (writer.Block($"private void {BackwardAfter(layer)}({Code.Span} arena, {Code.Span} gradients, int sample)"))
        {
            EmitBackwardLayers(writer, plan, plan.Layers.Skip(batched.Layer), batched);
        }

        if (!RunsBackwardBefore(plan, batched))
        {
            return;
        }

        writer.Line();
        writer.Line($"// The layers before {layer.MethodName}, from the sample's slot (see SampleSlot), once its input gradient is in.");
        using (writer.Block($"private void {BackwardBefore(layer)}({Code.ReadOnlySpan} input, {Code.Span} arena, {Code.Span} gradients, int sample)"))
        {
            writer.Line("int slot = SampleSlot(sample);");
            writer.Line($"arena.Slice({batched.InputGradientsOffset} + sample * {layer.Input.Length}, {layer.Input.Length}).CopyTo({Buffer(layer.InputGradient)});");
            EmitBackwardLayers(writer, plan, plan.Layers.Take(batched.Layer), batched);
        }
    }

    /// <summary>Whether the batched layer passes an input gradient back to layers before it that have a backward pass.</summary>
    private static bool RunsBackwardBefore(ModelPlan plan, BatchedForward batched) =>
        plan.Layers[batched.Layer].NeedsInputGradient && BackwardLayers(plan.Layers.Take(batched.Layer)).Any();

    private static System.Collections.Generic.IEnumerable<LayerPlan> BackwardLayers(System.Collections.Generic.IEnumerable<LayerPlan> layers) =>
        layers.Where(l => LayerEmitter.For(l.Kind) is not null && (l.HasBackward || l.BackwardDoneByNext));

    /// <summary>
    /// The backward pass of <paramref name="layers"/>, last first. The batched layer's own (in <paramref name="batched"/>)
    /// only keeps the sample's output gradient: its kernel runs for the group of samples.
    /// </summary>
    private static void EmitBackwardLayers(SourceWriter writer, ModelPlan plan, System.Collections.Generic.IEnumerable<LayerPlan> layers, BatchedForward? batched)
    {
        foreach (LayerPlan layer in BackwardLayers(layers).Reverse())
        {
            if (layer.BackwardDoneByNext)
            {
                writer.Line($"// {layer.MethodName}: its backward pass is done by the MaxPool2D after it.");
                continue;
            }

            if (layer.DefersWeightGradient)
            {
                (int keptInputs, int keptGradients) = KeptOffsets(layer);
                if (batched?.Layer == layer.Index)
                {
                    writer.Line($"// {layer.MethodName}: this sample's bias gradient; its output gradient kept for the group's input gradients and AddDeferredWeightGradients (its input was kept by {ForwardBefore(layer)}).");
                    writer.Line($"{Code.ReadOnlySpan} outputGradient = {Buffer(layer.OutputGradient)};");
                    using (writer.Block($"for (int o = 0; o < {layer.Output.Length}; o++)"))
                    {
                        writer.Line($"gradients[{layer.BiasOffset} + o] += outputGradient[o];");
                    }

                    writer.Line($"outputGradient.CopyTo(arena.Slice({keptGradients} + sample * {layer.Output.Length}, {layer.Output.Length}));");
                    continue;
                }

                writer.Line("// Kept for AddDeferredWeightGradients: this sample's input and output gradient.");
                writer.Line($"{Buffer(layer.TrainingSource)}.CopyTo(arena.Slice({keptInputs} + sample * {layer.Input.Length}, {layer.Input.Length}));");
                writer.Line($"{Buffer(layer.OutputGradient)}.CopyTo(arena.Slice({keptGradients} + sample * {layer.Output.Length}, {layer.Output.Length}));");
            }

            string inputGradient = layer.NeedsInputGradient ? Buffer(layer.InputGradient) : "default";
            string scratch = layer.Kernels.BackwardScratch > 0 ? $", arena.Slice({plan.TrainingScratchOffset}, {layer.Kernels.BackwardScratch})" : "";
            writer.Line($"{layer.MethodName}_Backward({Buffer(layer.TrainingSource, batched)}, {Buffer(layer.TrainingDestination, batched)}, {Buffer(layer.OutputGradient)}, {inputGradient}, gradients{scratch});");
        }
    }

    /// <summary><see cref="Buffer(BufferRef)"/>, moved by the sample's <c>slot</c> when it is the output of a layer before the batched one.</summary>
    private static string Buffer(BufferRef buffer, BatchedForward? batched) => batched?.InSlot(buffer) == true
        ? $"arena.Slice(slot + {buffer.Offset}, {buffer.Length})"
        : Buffer(buffer);

    public static string Buffer(BufferRef buffer) => buffer.Kind == BufferKind.Input
        ? "input"
        : $"arena.Slice({buffer.Offset}, {buffer.Length})";
}
