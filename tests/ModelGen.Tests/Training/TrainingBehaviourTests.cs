using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ModelGen.Tests.Harness;
using Xunit;

namespace ModelGen.Tests.Training;

/// <summary>TrainBatch and Fit as a user relies on them: determinism, threads, progress, stopping, divergence, errors.</summary>
public sealed class TrainingBehaviourTests
{
    private static float[] Weights(IModel model)
    {
        var weights = new float[model.ParameterCount];
        model.ExportParameters(weights);
        return weights;
    }

    [Fact]
    public void TrainBatch_allocates_nothing_after_the_first_call()
    {
        var model = new FashionNet(1) { Optimizer = new Adam() };
        float[] inputs = Numbers.RandomNormal(new Random(1), 4 * FashionNet.InputLength);
        float[] targets = [1, 5, 9, 0];
        Assert.Equal(0, Allocations.PerWindow(() => model.TrainBatch(inputs, targets)));
    }

    [Fact]
    public void Fit_on_one_thread_gives_exactly_the_weights_of_TrainBatch_on_the_same_batches()
    {
        TrainingData data = BlobData.Make(70, seed: 2);
        var fitted = new BlobNet(3) { Optimizer = new Sgd(0.05f, momentum: 0.9f) };
        fitted.Fit(data, new FitOptions { Epochs = 2, BatchSize = 16, Shuffle = false, Threads = 1 });

        var manual = new BlobNet(3) { Optimizer = new Sgd(0.05f, momentum: 0.9f) };
        for (int epoch = 0; epoch < 2; epoch++)
        {
            for (int first = 0; first < data.Count; first += 16)
            {
                TrainingData batch = data.Slice(first, Math.Min(16, data.Count - first));
                manual.TrainBatch(batch.Inputs.Span, batch.Targets.Span);
            }
        }

        Assert.Equal(Weights(manual), Weights(fitted));
    }

    [Fact]
    public void Data_parallel_Fit_is_deterministic_for_a_seed_and_thread_count_and_close_to_one_thread()
    {
        TrainingData data = BlobData.Make(96, seed: 4);
        float[] Train(int threads, int seed)
        {
            var model = new BlobNet(5) { Optimizer = new Adam(0.01f) };
            model.Fit(data, new FitOptions { Epochs = 2, BatchSize = 32, Seed = seed, Threads = threads });
            return Weights(model);
        }

        float[] two = Train(2, seed: 7);
        Assert.Equal(two, Train(2, seed: 7));
        Assert.NotEqual(two, Train(2, seed: 8));
        float[] one = Train(1, seed: 7);
        Assert.All(one.Zip(two), pair => Assert.True(Math.Abs(pair.First - pair.Second) < 1e-4, $"{pair.First} vs {pair.Second}"));
    }

    [Fact]
    public void A_small_cnn_learns_blobs_in_noise_to_a_validation_auroc_of_at_least_0_95()
    {
        TrainingData training = BlobData.Make(1200, seed: 10);
        TrainingData validation = BlobData.Make(400, seed: 11);
        var model = new BlobNet(12) { Optimizer = new Adam(0.01f) };
        TrainingHistory history = model.Fit(training, new FitOptions { Epochs = 8, BatchSize = 32, Validation = validation });

        var scores = new float[validation.Count];
        model.PredictBatch(validation.Inputs.Span, scores);
        double auroc = BlobData.PairwiseAuroc(scores, validation.Targets.Span);
        Assert.True(auroc >= 0.95, $"validation AUROC {auroc:0.000}\n{history}");

        EvaluationReport report = model.Evaluate(validation);
        Assert.Equal(auroc, report.MacroAuroc, 9);
        Assert.Equal(history.Epochs[^1].ValidationAuroc!.Value, report.MacroAuroc, 9);
        Assert.Equal(history.Epochs[^1].ValidationLoss!.Value, report.Loss, 9);
        Assert.Equal(validation.Count, report.SampleCount);
        Assert.True(history.Epochs[^1].Loss < history.Epochs[0].Loss);
        Assert.True(history.Epochs[^1].ValidationAccuracy > 0.85, history.ToString());
    }

    [Fact]
    public void Progress_is_reported_per_batch_and_per_epoch_and_the_partial_last_batch_is_kept()
    {
        TrainingData data = BlobData.Make(10, seed: 13);
        var reports = new List<TrainingProgress>();
        var model = new BlobNet();
        TrainingHistory history = model.Fit(
            data,
            new FitOptions { Epochs = 2, BatchSize = 4, Validation = data },
            new SynchronousProgress<TrainingProgress>(reports.Add));

        Assert.Equal(2 * (3 + 1), reports.Count);
        Assert.Equal([1, 2, 3, 3], reports.Take(4).Select(r => r.Batch));
        Assert.All(reports, r => Assert.Equal(3, r.Batches));
        TrainingProgress end = reports[3];
        Assert.NotNull(end.EpochResult);
        Assert.NotNull(end.EpochResult!.ValidationLoss);
        Assert.True(end.SamplesPerSecond > 0);
        Assert.Equal(TimeSpan.Zero, reports[^1].Remaining);
        Assert.Equal(2, history.Epochs.Count);
    }

    [Fact]
    public void Cancellation_stops_between_batches_and_keeps_the_weights_of_the_last_step()
    {
        TrainingData data = BlobData.Make(64, seed: 14);
        var model = new BlobNet();
        using var cancel = new CancellationTokenSource();
        float[]? afterThird = null;
        var progress = new SynchronousProgress<TrainingProgress>(report =>
        {
            if (report.Batch == 3 && report.EpochResult is null)
            {
                afterThird = Weights(model);
                cancel.Cancel();
            }
        });

        Assert.Throws<OperationCanceledException>(() => model.Fit(data, new FitOptions { Epochs = 5, BatchSize = 8 }, progress, cancel.Token));
        Assert.Equal(afterThird, Weights(model));
    }

    [Fact]
    public void Divergence_stops_with_a_clear_error_and_keeps_the_last_good_weights()
    {
        TrainingData data = BlobData.Make(64, seed: 15);
        var model = new BlobNet(16) { Optimizer = new Sgd(1e30f) };
        float[] lastGood = Weights(model);
        var progress = new SynchronousProgress<TrainingProgress>(_ => lastGood = Weights(model));

        var error = Assert.Throws<TrainingDivergedException>(() => model.Fit(data, new FitOptions { Epochs = 3, BatchSize = 8 }, progress));
        Assert.Contains($"epoch {error.Epoch}, batch {error.Batch}", error.Message, StringComparison.Ordinal);
        Assert.Equal(lastGood, Weights(model));
        Assert.All(Weights(model), w => Assert.True(float.IsFinite(w)));
    }

    [Fact]
    public void Early_stopping_restores_the_weights_of_the_best_epoch()
    {
        TrainingData training = BlobData.Make(200, seed: 17);
        TrainingData validation = BlobData.Make(60, seed: 18);
        var model = new BlobNet(19) { Optimizer = new Sgd(0.5f, momentum: 0.9f) };
        TrainingHistory history = model.Fit(training, new FitOptions
        {
            Epochs = 30,
            BatchSize = 16,
            Validation = validation,

            // No later epoch can beat the first by 10, so training stops after epoch 1 + patience and restores epoch 1.
            EarlyStopping = new EarlyStopping { Monitor = ValidationMetric.Loss, Patience = 2, MinDelta = 10 },
        });

        Assert.True(history.StoppedEarly, history.ToString());
        Assert.Equal(3, history.Epochs.Count);
        Assert.Equal(1, history.BestEpoch);
        double bestLoss = history.Epochs[0].ValidationLoss!.Value;

        double loss = 0;
        var logit = new float[1];
        for (int i = 0; i < validation.Count; i++)
        {
            ((ITrainableModel)model).ComputeLogits(validation.Input(i), logit);
            loss += Losses.BinaryCrossEntropyWithLogits(logit, validation.Target(i), new float[1], 0f);
        }

        Assert.Equal(bestLoss, loss / validation.Count, 6);
    }

    [Fact]
    public void Importing_parameters_or_setting_the_optimizer_resets_its_state()
    {
        TrainingData data = BlobData.Make(8, seed: 20);
        float[] Step(BlobNet model) { model.TrainBatch(data.Inputs.Span, data.Targets.Span); return Weights(model); }

        var fresh = new BlobNet(21) { Optimizer = new Adam(0.01f) };
        float[] firstStep = Step(fresh);

        var reused = new BlobNet(21) { Optimizer = new Adam(0.01f) };
        float[] start = Weights(reused);
        Step(reused);
        Step(reused);
        reused.ImportParameters(start);
        Assert.Equal(firstStep, Step(reused));

        reused.ImportParameters(start);
        Step(reused);
        reused.ImportParameters(start);
        reused.Optimizer = new Adam(0.01f);
        Assert.Equal(firstStep, Step(reused));
    }

    [Fact]
    public void Invalid_targets_and_lengths_are_rejected_with_clear_messages()
    {
        var model = new FashionNet();
        var inputs = new float[2 * FashionNet.InputLength];
        var error = Assert.Throws<ArgumentException>(() => model.TrainBatch(inputs, [3, 10]));
        Assert.Contains("class indices 0..9", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => model.TrainBatch(inputs, [3]));
        Assert.Contains("2 target floats", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => new BlobNet().TrainBatch(new float[144], [float.NaN]));
        Assert.Contains("0 or 1", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => new TrainingData(new float[10], new float[3], 5, 1));
        Assert.Contains("2 samples but the targets hold 3", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => model.Fit(BlobData.Make(4, 1)));
    }

    [Fact]
    public void Max_pool_ties_send_the_gradient_to_the_first_maximum_as_pytorch_does()
    {
        // Conv2D(1, 2) with weight [[1, 0], [0, 0]] copies the top-left pixel of each 2x2 patch, so the pooled window
        // sees x[0][0] = 5 and x[0][1] = 5: a tie. The first one wins, so the weight gradient reads its patch.
        var model = new TiePool();
        model.ImportParameters([1, 0, 0, 0, 0, /* dense */ 1, 0]);
        float[] image =
        [
            5, 5, 3, 0,
            1, 2, 0, 0,
            0, 0, 0, 0,
        ];
        var gradients = new float[TiePool.ParameterCount];
        ((ITrainableModel)model).AccumulateGradients(image, [0], gradients, new float[((ITrainableModel)model).TrainingArenaLength], 1f);

        float g = 1f / (1f + MathF.Exp(-5f)); // d(BCE)/d(logit) for target 0
        Assert.Equal([g * 5, g * 5, g * 1, g * 2], gradients.AsSpan(0, 4).ToArray());
    }

    [Fact]
    public void Evaluate_names_the_declared_labels()
    {
        var random = new Random(22);
        float[] inputs = Numbers.RandomNormal(random, 40 * FindingsNet.InputLength);
        float[] targets = Enumerable.Range(0, 80).Select(i => (float)(i % 3 == 0 ? 1 : 0)).ToArray();
        EvaluationReport report = new FindingsNet().Evaluate(FindingsNet.CreateData(inputs, targets));

        Assert.Equal(["nodule", "mass"], FindingsNet.LabelNames);
        Assert.Equal(["nodule", "mass"], report.Labels.Select(l => l.Name));
        Assert.Contains("nodule", report.ToString(), StringComparison.Ordinal);
        Assert.Null(BlobNet.LabelNames);
    }

    [Fact]
    public void Schedules_follow_pytorch_formulas()
    {
        Assert.Equal(0.1f, LearningRateSchedule.Constant.LearningRate(7, 0.1f));
        LearningRateSchedule step = LearningRateSchedule.StepDecay(2, 0.5f);
        Assert.Equal([1f, 1f, 0.5f, 0.5f, 0.25f], Enumerable.Range(0, 5).Select(e => step.LearningRate(e, 1f)));
        LearningRateSchedule cosine = LearningRateSchedule.Cosine(4, 0.1f);
        Assert.Equal(1f, cosine.LearningRate(0, 1f), 6);
        Assert.Equal(0.55f, cosine.LearningRate(2, 1f), 6);
        Assert.Equal(0.1f, cosine.LearningRate(4, 1f), 6);

        var plateau = new ReduceOnPlateau(ValidationMetric.Loss, factor: 0.5f, patience: 1);
        foreach (double loss in new[] { 1.0, 0.9, 0.95, 0.95 })
        {
            plateau.OnEpochEnd(new EpochResult(1, 0, loss, null, null, 1, TimeSpan.Zero, 0));
        }

        Assert.Equal(0.5f, plateau.LearningRate(4, 1f));
    }
}

/// <summary>Calls the handler on the reporting thread, unlike Progress&lt;T&gt;, so tests see every report in order.</summary>
internal sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
