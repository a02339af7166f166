using System;
using System.IO;
using ModelGen.Serialization;
using ModelGen.Tests.Training;
using Xunit;

namespace ModelGen.Tests.Serialization;

/// <summary>The generated Save, Load, SaveSafetensors and LoadSafetensors members.</summary>
public sealed class GeneratedPersistenceTests
{
    private static float[] Weights(IModel model)
    {
        var weights = new float[model.ParameterCount];
        model.ExportParameters(weights);
        return weights;
    }

    [Fact]
    public void A_loaded_model_continues_training_exactly_as_the_saved_one_would()
    {
        using var directory = new TemporaryDirectory();
        TrainingData data = BlobData.Make(48, seed: 30);
        var original = new BlobNet(31) { Optimizer = new Adam(0.01f) };
        original.Fit(data, new FitOptions { Epochs = 1, BatchSize = 16, Threads = 1 });
        original.Save(directory["blob.mgw"]);

        var restored = new BlobNet(99) { Optimizer = new Sgd(0.5f) };
        restored.Load(directory["blob.mgw"]);
        Assert.Equal(Weights(original), Weights(restored));
        Assert.IsType<Adam>(restored.Optimizer);

        original.TrainBatch(data.Inputs.Span, data.Targets.Span);
        restored.TrainBatch(data.Inputs.Span, data.Targets.Span);
        Assert.Equal(Weights(original), Weights(restored));
    }

    [Fact]
    public void A_run_stopped_and_resumed_from_a_checkpoint_ends_with_exactly_the_same_weights()
    {
        using var directory = new TemporaryDirectory();
        TrainingData data = BlobData.Make(64, seed: 40);
        FitOptions Options(int epochs, string? checkpoint) => new()
        {
            Epochs = epochs,
            BatchSize = 16,
            Threads = 2,
            Seed = 3,
            Schedule = LearningRateSchedule.Cosine(4),
            Validation = data,
            CheckpointPath = checkpoint,
            ResumeFromCheckpoint = checkpoint is not null,
        };

        var uninterrupted = new BlobNet(41) { Optimizer = new Adam(0.01f) };
        TrainingHistory expected = uninterrupted.Fit(data, Options(4, null));

        var stopped = new BlobNet(41) { Optimizer = new Adam(0.01f) };
        stopped.Fit(data, Options(2, directory["run.mgw"]));
        var resumed = new BlobNet(77) { Optimizer = new Sgd(0.1f) };
        TrainingHistory history = resumed.Fit(data, Options(4, directory["run.mgw"]));

        Assert.Equal(Weights(uninterrupted), Weights(resumed));
        Assert.Equal(4, history.Epochs.Count);
        Assert.Equal(expected.Epochs[3].Loss, history.Epochs[3].Loss);
        Assert.Equal(expected.Epochs[0].Loss, history.Epochs[0].Loss);
        Assert.IsType<Adam>(resumed.Optimizer);
    }

    [Fact]
    public void Loading_another_architecture_throws_and_leaves_the_model_as_it_was()
    {
        using var stream = new MemoryStream();
        new FashionNetAvgPool().Save(stream);
        stream.Position = 0;

        var model = new FashionNet(5);
        float[] before = Weights(model);
        var error = Assert.Throws<WeightFileException>(() => model.Load(stream));
        Assert.Equal(WeightFileProblem.OtherArchitecture, error.Problem);
        Assert.Contains("AvgPool2D(2)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Weights(model));
    }

    [Fact]
    public void Safetensors_round_trip_through_the_generated_members()
    {
        using var directory = new TemporaryDirectory();
        var model = new FashionNet(6);
        model.SaveSafetensors(directory["fashion.safetensors"], namePrefix: "features.");

        var other = new FashionNet(7);
        other.LoadSafetensors(directory["fashion.safetensors"], namePrefix: "features.");
        Assert.Equal(Weights(model), Weights(other));

        float[] before = Weights(other);
        Assert.Throws<InvalidDataException>(() => other.LoadSafetensors(directory["fashion.safetensors"]));
        Assert.Equal(before, Weights(other));
    }
}
