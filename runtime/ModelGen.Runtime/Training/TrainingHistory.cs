using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ModelGen;

/// <summary>What one epoch of <c>Fit</c> achieved.</summary>
/// <param name="Epoch">The epoch, counted from 1.</param>
/// <param name="Loss">Mean training loss over the epoch's samples.</param>
/// <param name="ValidationLoss">Mean validation loss, if a validation set was given.</param>
/// <param name="ValidationAccuracy">Validation accuracy, if a validation set was given.</param>
/// <param name="ValidationAuroc">Validation AUROC (macro), if a validation set was given and AUROC is defined on it.</param>
/// <param name="LearningRate">The learning rate used during the epoch.</param>
/// <param name="Duration">Wall time of the epoch's training steps (validation excluded).</param>
/// <param name="SamplesPerSecond">Training throughput during the epoch.</param>
public sealed record EpochResult(
    int Epoch,
    double Loss,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double? ValidationAuroc,
    float LearningRate,
    TimeSpan Duration,
    double SamplesPerSecond)
{
    /// <summary>The value of a validation metric, or null when it was not computed.</summary>
    public double? Validation(ValidationMetric metric) => metric switch
    {
        ValidationMetric.Loss => ValidationLoss,
        ValidationMetric.Accuracy => ValidationAccuracy,
        _ => ValidationAuroc,
    };
}

/// <summary>The record of a <c>Fit</c> run: one <see cref="EpochResult"/> per epoch, and how it ended.</summary>
public sealed class TrainingHistory
{
    internal TrainingHistory(IReadOnlyList<EpochResult> epochs, int? bestEpoch, bool stoppedEarly, TimeSpan duration)
    {
        Epochs = epochs;
        BestEpoch = bestEpoch;
        StoppedEarly = stoppedEarly;
        Duration = duration;
    }

    /// <summary>Per-epoch results, in order.</summary>
    public IReadOnlyList<EpochResult> Epochs { get; }

    /// <summary>The epoch whose weights the model holds after early stopping restored them, if it did.</summary>
    public int? BestEpoch { get; }

    /// <summary>Whether early stopping ended training before the last epoch.</summary>
    public bool StoppedEarly { get; }

    /// <summary>Total wall time, validation included.</summary>
    public TimeSpan Duration { get; }

    /// <summary>A table with one row per epoch.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine("epoch      loss  val_loss   val_acc val_auroc         lr  samples/s");
        foreach (EpochResult e in Epochs)
        {
            text.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{e.Epoch,5} {e.Loss,9:0.0000} {Format(e.ValidationLoss),9} {Format(e.ValidationAccuracy),9} {Format(e.ValidationAuroc),9} {e.LearningRate,10:0.######} {e.SamplesPerSecond,10:0}"));
        }

        if (StoppedEarly)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Stopped early; weights of epoch {BestEpoch} restored.");
        }

        return text.ToString();
    }

    private static string Format(double? value) => value is double v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "-";
}

/// <summary>A progress report from <c>Fit</c>: sent after every batch and once more at the end of every epoch.</summary>
/// <param name="Epoch">The current epoch, counted from 1.</param>
/// <param name="Epochs">Epochs planned.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">Mean training loss so far in this epoch.</param>
/// <param name="SamplesPerSecond">Training throughput so far in this epoch.</param>
/// <param name="Elapsed">Time since Fit started.</param>
/// <param name="Remaining">Estimated time to the end of the last epoch, at the current throughput.</param>
/// <param name="EpochResult">Set on the report that ends an epoch, with its validation metrics; null otherwise.</param>
public readonly record struct TrainingProgress(
    int Epoch,
    int Epochs,
    int Batch,
    int Batches,
    double Loss,
    double SamplesPerSecond,
    TimeSpan Elapsed,
    TimeSpan Remaining,
    EpochResult? EpochResult);

/// <summary>Thrown by <c>Fit</c> when the loss becomes NaN or infinite; the model keeps the weights from before that batch.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for the batch that diverged.</summary>
    public TrainingDivergedException(int epoch, int batch, float loss)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"Training diverged at epoch {epoch}, batch {batch}: the loss was {loss}. The model keeps the weights from before this batch. Lower the learning rate, or check the inputs and targets for NaN or huge values."))
    {
        Epoch = epoch;
        Batch = batch;
        Loss = loss;
    }

    /// <summary>The epoch (from 1) in which training diverged.</summary>
    public int Epoch { get; }

    /// <summary>The batch (from 1) whose loss or gradient was not finite.</summary>
    public int Batch { get; }

    /// <summary>The loss of that batch (NaN when only a gradient was not finite).</summary>
    public float Loss { get; }
}
