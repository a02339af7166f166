using System;

namespace ModelGen;

/// <summary>How <c>Fit</c> trains: epochs, batching, shuffling, validation, threads, schedule and early stopping.</summary>
public sealed record FitOptions
{
    /// <summary>Passes over the training data. Default 10.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Samples per optimizer step; the last batch of an epoch keeps the remainder, as PyTorch's DataLoader does. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Whether to visit samples in a new random order every epoch. Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the shuffling; the same seed and thread count give the same weights. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Samples evaluated after every epoch (loss, accuracy, AUROC), or null.</summary>
    public TrainingData? Validation { get; init; }

    /// <summary>Worker threads for data-parallel training; default all cores. Results are reproducible for a given count.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>How the learning rate changes from epoch to epoch; default constant.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Stop when a validation metric stops improving, or null to always run every epoch.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>
    /// A file to write a checkpoint to (weights, optimizer and its state, shuffling state, epoch, history), atomically,
    /// every <see cref="CheckpointEvery"/> epochs and after the last; null for none.
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Epochs between checkpoints. Default 1.</summary>
    public int CheckpointEvery { get; init; } = 1;

    /// <summary>
    /// Continue from <see cref="CheckpointPath"/> if the file exists: the run then ends with exactly the weights of a
    /// run that was never stopped (same options, seed and thread count; a stateful schedule such as ReduceOnPlateau
    /// and early stopping start counting afresh).
    /// </summary>
    public bool ResumeFromCheckpoint { get; init; }

    internal void Validate()
    {
        if (Epochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be at least 1.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 1.");
        }

        if (Threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be at least 1.");
        }

        ArgumentNullException.ThrowIfNull(Schedule, nameof(Schedule));
        if (CheckpointEvery < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(CheckpointEvery), CheckpointEvery, "Checkpoints must be at least 1 epoch apart.");
        }

        if (ResumeFromCheckpoint && CheckpointPath is null)
        {
            throw new ArgumentException("ResumeFromCheckpoint needs CheckpointPath: the file to resume from.", nameof(ResumeFromCheckpoint));
        }
        if (EarlyStopping is not null && Validation is null)
        {
            throw new ArgumentException("Early stopping watches a validation metric: set Validation too.", nameof(EarlyStopping));
        }
    }
}

/// <summary>A metric computed on the validation set after each epoch.</summary>
public enum ValidationMetric
{
    /// <summary>Mean loss; lower is better.</summary>
    Loss,

    /// <summary>Accuracy (top-1, or at 0.5 for sigmoid heads); higher is better.</summary>
    Accuracy,

    /// <summary>AUROC (macro over labels or classes); higher is better.</summary>
    Auroc,
}

/// <summary>Stops training when <see cref="Monitor"/> has not improved by <see cref="MinDelta"/> for <see cref="Patience"/> epochs.</summary>
public sealed record EarlyStopping
{
    /// <summary>The validation metric to watch. Default AUROC.</summary>
    public ValidationMetric Monitor { get; init; } = ValidationMetric.Auroc;

    /// <summary>Epochs without improvement before stopping. Default 3.</summary>
    public int Patience { get; init; } = 3;

    /// <summary>The smallest change that counts as an improvement. Default 0.</summary>
    public double MinDelta { get; init; }

    /// <summary>Whether to put back the weights of the best epoch when training ends. Default true.</summary>
    public bool RestoreBestWeights { get; init; } = true;
}
