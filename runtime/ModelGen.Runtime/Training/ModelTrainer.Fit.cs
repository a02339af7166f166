using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace ModelGen;

public static partial class ModelTrainer
{
    /// <summary>
    /// The training loop behind every generated <c>Fit</c>: shuffles with <see cref="FitOptions.Seed"/>, trains on
    /// mini-batches (the last one partial) on <see cref="FitOptions.Threads"/> threads, evaluates the validation set
    /// after each epoch, reports progress, follows the schedule, stops early if asked, and checks cancellation between
    /// batches. A NaN or infinite loss throws <see cref="TrainingDivergedException"/> with the model left as it was
    /// before that batch.
    /// </summary>
    public static TrainingHistory Fit<TModel>(
        TModel model, TrainingData training, FitOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
        where TModel : ITrainableModel
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckData(model, training, nameof(training));
        if (options.Validation is not null)
        {
            CheckData(model, options.Validation, nameof(options.Validation));
        }

        int count = training.Count;
        int batchSize = Math.Min(options.BatchSize, count);
        int batches = (count + batchSize - 1) / batchSize;
        var workspace = new TrainingWorkspace(model.ParameterCount, model.TrainingArenaLength, Math.Min(options.Threads, batchSize));
        var batchInputs = new float[batchSize * model.InputLength];
        var batchTargets = new float[batchSize * model.TargetLength];
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var random = new Internal.SeededRandom(options.Seed);
        float initialLearningRate = model.Optimizer.LearningRate;
        var epochs = new List<EpochResult>();
        int firstEpoch = 0;
        if (options.ResumeFromCheckpoint && System.IO.File.Exists(options.CheckpointPath))
        {
            Checkpoint resumed = Checkpoint.LoadInto(model, options.CheckpointPath!);
            (firstEpoch, random.State, initialLearningRate) = (resumed.NextEpoch, resumed.Random, resumed.InitialLearningRate);
            epochs.AddRange(resumed.History);
        }

        var stopping = options.EarlyStopping is { } early ? new EarlyStoppingTracker(early, model.ParameterCount) : null;
        var clock = Stopwatch.StartNew();
        long samplesDone = (long)count * firstEpoch, samplesPlanned = (long)count * options.Epochs;
        for (int epoch = firstEpoch; epoch < options.Epochs; epoch++)
        {
            float learningRate = options.Schedule.LearningRate(epoch, initialLearningRate);
            model.Optimizer.LearningRate = learningRate;
            if (options.Shuffle)
            {
                // A fresh permutation each epoch, as PyTorch's RandomSampler: only the generator state carries over.
                Shuffling.Shuffle(order, ref random, reset: true);
            }

            var epochClock = Stopwatch.StartNew();
            double lossSum = 0;
            int seen = 0;
            for (int batch = 0; batch < batches; batch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int first = batch * batchSize, size = Math.Min(batchSize, count - first);
                for (int i = 0; i < size; i++)
                {
                    training.Input(order[first + i]).CopyTo(batchInputs.AsSpan(i * model.InputLength));
                    training.Target(order[first + i]).CopyTo(batchTargets.AsSpan(i * model.TargetLength));
                }

                float loss = TrainBatch(model, batchInputs.AsSpan(0, size * model.InputLength), batchTargets.AsSpan(0, size * model.TargetLength), workspace);
                if (!float.IsFinite(loss))
                {
                    throw new TrainingDivergedException(epoch + 1, batch + 1, loss);
                }

                lossSum += (double)loss * size;
                seen += size;
                samplesDone += size;
                if (progress is not null)
                {
                    double rate = seen / Math.Max(epochClock.Elapsed.TotalSeconds, 1e-9);
                    progress.Report(new TrainingProgress(
                        epoch + 1, options.Epochs, batch + 1, batches, lossSum / seen, rate, clock.Elapsed,
                        TimeSpan.FromSeconds((samplesPlanned - samplesDone) / rate), null));
                }
            }

            TimeSpan duration = epochClock.Elapsed;
            var result = Validate(model, options, epoch + 1, lossSum / seen, learningRate, duration, seen / Math.Max(duration.TotalSeconds, 1e-9));
            epochs.Add(result);
            options.Schedule.OnEpochEnd(result);
            if (options.CheckpointPath is { } path && ((epoch + 1) % options.CheckpointEvery == 0 || epoch + 1 == options.Epochs))
            {
                new Checkpoint(epoch + 1, random.State, initialLearningRate, epochs).Save(model, path);
            }

            progress?.Report(new TrainingProgress(
                epoch + 1, options.Epochs, batches, batches, result.Loss, result.SamplesPerSecond, clock.Elapsed,
                TimeSpan.FromSeconds((samplesPlanned - samplesDone) / Math.Max(result.SamplesPerSecond, 1e-9)), result));
            if (stopping is not null && stopping.ShouldStop(model, result))
            {
                stopping.Restore(model);
                return new TrainingHistory(epochs, stopping.BestEpoch, stoppedEarly: true, clock.Elapsed);
            }
        }

        stopping?.Restore(model);
        return new TrainingHistory(epochs, stopping?.BestEpoch, stoppedEarly: false, clock.Elapsed);
    }

    private static EpochResult Validate<TModel>(
        TModel model, FitOptions options, int epoch, double loss, float learningRate, TimeSpan duration, double samplesPerSecond)
        where TModel : ITrainableModel
    {
        if (options.Validation is not { } validation)
        {
            return new EpochResult(epoch, loss, null, null, null, learningRate, duration, samplesPerSecond);
        }

        var probabilities = new float[validation.Count * model.OutputLength];
        double validationLoss = PredictionPass.Run(model, validation, probabilities, options.Threads);
        double accuracy = PredictionPass.Accuracy(model.Task, probabilities, validation.Targets.Span, model.OutputLength);
        double? auroc = ValidationAuroc.Macro(model.Task, probabilities, validation.Targets.Span, model.OutputLength);
        return new EpochResult(epoch, loss, validationLoss, accuracy, auroc, learningRate, duration, samplesPerSecond);
    }

    private static void CheckData<TModel>(TModel model, TrainingData data, string parameter)
        where TModel : ITrainableModel
    {
        if (data.InputLength != model.InputLength || data.TargetLength != model.TargetLength)
        {
            throw new ArgumentException(
                $"{model.GetType().Name} takes samples of InputLength {model.InputLength} and TargetLength {model.TargetLength}, " +
                $"but the data set has {data.InputLength} and {data.TargetLength}.", parameter);
        }

        if (data.Count == 0)
        {
            throw new ArgumentException("The data set is empty.", parameter);
        }

        TargetValidation.Check(model.Task, model.OutputLength, data.Targets.Span, parameter);
    }

    /// <summary>Remembers the best epoch's weights and counts epochs without improvement.</summary>
    private sealed class EarlyStoppingTracker(EarlyStopping settings, int parameterCount)
    {
        private readonly float[] _bestWeights = new float[parameterCount];
        private double _best = double.NaN;
        private int _badEpochs;

        public int? BestEpoch { get; private set; }

        public bool ShouldStop(IModel model, EpochResult result)
        {
            // An undefined metric (AUROC on a validation set with one class) never counts as an improvement.
            double value = result.Validation(settings.Monitor) ?? double.NaN;
            bool lowerIsBetter = settings.Monitor == ValidationMetric.Loss;
            bool improved = !double.IsNaN(value) && (double.IsNaN(_best) ||
                (lowerIsBetter ? value < _best - settings.MinDelta : value > _best + settings.MinDelta));
            if (improved)
            {
                _best = value;
                _badEpochs = 0;
                BestEpoch = result.Epoch;
                model.ExportParameters(_bestWeights);
                return false;
            }

            return ++_badEpochs >= settings.Patience;
        }

        public void Restore(IModel model)
        {
            if (settings.RestoreBestWeights && BestEpoch is not null)
            {
                model.ImportParameters(_bestWeights);
            }
        }
    }
}
