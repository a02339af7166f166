using System;

namespace ModelGen;

/// <summary>
/// What the training loop needs from a generated model. Generated models implement it explicitly; the members are
/// also the building blocks for a custom training loop (gradient accumulation, your own schedule).
/// </summary>
public interface ITrainableModel : IModel
{
    /// <summary>The task, which fixes the head and the loss.</summary>
    ModelTask Task { get; }

    /// <summary>The update rule; setting it discards the accumulated optimizer state.</summary>
    Optimizer Optimizer { get; set; }

    /// <summary>The optimizer's accumulated state (null before the first step); checkpoints save and restore it.</summary>
    OptimizerState? OptimizerState { get; set; }

    /// <summary>The architecture as data (the generated static <c>Description</c>).</summary>
    Serialization.ModelDescription Description { get; }

    /// <summary>Floats of scratch memory one thread needs for <see cref="AccumulateGradients"/>.</summary>
    int TrainingArenaLength { get; }

    /// <summary>The last layer's outputs for one sample, before the head's sigmoid or softmax.</summary>
    void ComputeLogits(ReadOnlySpan<float> input, Span<float> logits);

    /// <summary>
    /// Runs forward and backward for every sample in <paramref name="inputs"/>, adds d(loss)/d(parameters) times
    /// <paramref name="gradientScale"/> into <paramref name="gradients"/> (state_dict layout), and returns the summed,
    /// unscaled loss. Does not change the parameters. Targets are not validated here.
    /// </summary>
    double AccumulateGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> gradients, Span<float> arena, float gradientScale);

    /// <summary>Applies one optimizer step with <paramref name="gradients"/> of the mean loss.</summary>
    void ApplyGradients(ReadOnlySpan<float> gradients);

    /// <summary>One optimizer step on a mini-batch; returns the mean loss (see <see cref="ModelTrainer.TrainBatch"/>).</summary>
    float TrainBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets);

    /// <summary>Saves parameters and optimizer to a weight file, atomically.</summary>
    void Save(string path);

    /// <summary>Replaces parameters and optimizer from a weight file, or throws and leaves the model as it was.</summary>
    void Load(string path);

    /// <summary>Every layer's output for one sample, one array per entry of <see cref="Description"/>.Layers (images CHW).</summary>
    float[][] LayerOutputs(ReadOnlySpan<float> input);

    /// <summary>Loss and metrics on a data set (see <see cref="ModelTrainer.Evaluate"/>).</summary>
    EvaluationReport Evaluate(TrainingData data);

    /// <summary>The training loop (see <see cref="ModelTrainer.Fit"/>).</summary>
    TrainingHistory Fit(TrainingData training, FitOptions? options = null, IProgress<TrainingProgress>? progress = null, System.Threading.CancellationToken cancellationToken = default);
}
