using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Serialization;
using Xunit;

namespace ModelGen.Tests.Serialization;

public sealed class WeightFileRoundTripTests
{
    [Fact]
    public void Parameters_come_back_bit_for_bit_including_special_values()
    {
        ModelDescription description = FashionNet.Description;
        float[] parameters = SerializationFixtures.Parameters(description, 3);
        float[] special = [float.NaN, BitConverter.Int32BitsToSingle(0x7FC0_1234), -0f, float.Epsilon, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue];
        special.CopyTo(parameters, 100);

        byte[] file = SerializationFixtures.WeightFileBytes(description, parameters);
        WeightFileContents contents = WeightFile.Read(new MemoryStream(file), description);

        Assert.Equal(parameters.Select(BitConverter.SingleToInt32Bits), contents.Parameters.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal("FashionNet", contents.ModelName);
        Assert.Null(contents.Optimizer);
        Assert.Empty(contents.Metadata);
    }

    [Fact]
    public void Metadata_comes_back_with_any_text()
    {
        var metadata = new Dictionary<string, string>
        {
            ["labels"] = "T-shirt/top,Trouser,Pullover",
            ["history"] = "epoch 1: loss 0.52\nepoch 2: loss 0.41",
            ["Größe ✓"] = "",
            [""] = "empty key",
        };

        byte[] file = SerializationFixtures.WeightFileBytes(TinyBinary.Description, SerializationFixtures.Parameters(TinyBinary.Description, 1), metadata: metadata);
        WeightFileContents contents = WeightFile.Read(new MemoryStream(file), TinyBinary.Description);

        Assert.Equal(metadata.OrderBy(e => e.Key), contents.Metadata.OrderBy(e => e.Key));
    }

    public static TheoryData<string> Optimizers() => ["sgd", "sgd_momentum", "sgd_nesterov", "adam", "adamw"];

    private static Optimizer Create(string name) => name switch
    {
        "sgd" => new Sgd(0.1f, weightDecay: 0.001f),
        "sgd_momentum" => new Sgd(0.05f, momentum: 0.9f),
        "sgd_nesterov" => new Sgd(0.05f, momentum: 0.8f, weightDecay: 0.01f, nesterov: true),
        "adam" => new Adam(0.01f, beta1: 0.8f, beta2: 0.99f, epsilon: 1e-6f, weightDecay: 0.02f),
        _ => new AdamW(0.003f, weightDecay: 0.1f),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Training_resumed_from_a_file_takes_exactly_the_steps_it_would_have_taken(string name)
    {
        ModelDescription description = BlobNet.Description;
        int count = description.ParameterCount;
        var random = new Random(5);
        float[][] gradients = Enumerable.Range(0, 6).Select(_ => Harness.Numbers.RandomNormal(random, count)).ToArray();

        Optimizer optimizer = Create(name);
        float[] parameters = SerializationFixtures.Parameters(description, 2);
        OptimizerState state = optimizer.CreateState(count);
        for (int step = 0; step < 3; step++)
        {
            optimizer.Step(parameters, gradients[step], state);
        }

        byte[] file = SerializationFixtures.WeightFileBytes(description, parameters, new SavedOptimizer(optimizer, state));
        WeightFileContents contents = WeightFile.Read(new MemoryStream(file), description);
        Optimizer resumed = contents.Optimizer!.Optimizer;
        OptimizerState resumedState = contents.Optimizer.State!;
        float[] resumedParameters = contents.Parameters;

        Assert.Equal(optimizer.GetType(), resumed.GetType());
        Assert.Equal(3, resumedState.StepCount);
        for (int step = 3; step < 6; step++)
        {
            optimizer.Step(parameters, gradients[step], state);
            resumed.Step(resumedParameters, gradients[step], resumedState);
        }

        Assert.Equal(parameters, resumedParameters);
    }

    [Fact]
    public void Optimizer_settings_come_back_without_state_before_the_first_step()
    {
        var optimizer = new Sgd(0.2f, momentum: 0.5f, weightDecay: 0.25f, nesterov: true);
        byte[] file = SerializationFixtures.WeightFileBytes(
            TinyBinary.Description, SerializationFixtures.Parameters(TinyBinary.Description, 1), new SavedOptimizer(optimizer, state: null));

        SavedOptimizer saved = WeightFile.Read(new MemoryStream(file), TinyBinary.Description).Optimizer!;

        var sgd = Assert.IsType<Sgd>(saved.Optimizer);
        Assert.Equal((0.2f, 0.5f, 0.25f, true), (sgd.LearningRate, sgd.Momentum, sgd.WeightDecay, sgd.Nesterov));
        Assert.Null(saved.State);
    }

    [Fact]
    public void Read_stops_at_the_end_of_the_file_so_a_stream_can_hold_several()
    {
        byte[] first = SerializationFixtures.WeightFileBytes(TinyBinary.Description, SerializationFixtures.Parameters(TinyBinary.Description, 1));
        byte[] second = SerializationFixtures.WeightFileBytes(TinyBinary.Description, SerializationFixtures.Parameters(TinyBinary.Description, 2));
        using var stream = new MemoryStream([.. first, .. second]);

        float[] a = WeightFile.Read(stream, TinyBinary.Description).Parameters;
        float[] b = WeightFile.Read(stream, TinyBinary.Description).Parameters;

        Assert.Equal(SerializationFixtures.Parameters(TinyBinary.Description, 1), a);
        Assert.Equal(SerializationFixtures.Parameters(TinyBinary.Description, 2), b);
        Assert.Equal(stream.Length, stream.Position);
    }

    [Fact]
    public void The_same_contents_give_the_same_bytes()
    {
        float[] parameters = SerializationFixtures.Parameters(TinyBinary.Description, 1);
        var forwards = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" };
        var backwards = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" };

        Assert.Equal(
            SerializationFixtures.WeightFileBytes(TinyBinary.Description, parameters, metadata: forwards),
            SerializationFixtures.WeightFileBytes(TinyBinary.Description, parameters, metadata: backwards));
    }

    [Fact]
    public void Save_and_Load_use_a_path()
    {
        using var directory = new TemporaryDirectory();
        string path = directory["fashion.mgw"];
        float[] parameters = SerializationFixtures.Parameters(FashionNet.Description, 4);
        WeightFile.Save(path, FashionNet.Description, parameters, metadata: new Dictionary<string, string> { ["k"] = "v" });

        WeightFileContents contents = WeightFile.Load(path, FashionNet.Description);

        Assert.Equal(parameters, contents.Parameters);
        Assert.Equal("v", contents.Metadata["k"]);
        Assert.Equal(["fashion.mgw"], directory.FileNames());
    }

    [Fact]
    public void Write_rejects_what_does_not_fit_the_description()
    {
        float[] wrongLength = new float[TinyBinary.Description.ParameterCount + 1];
        Assert.Throws<ArgumentException>(() => WeightFile.Write(Stream.Null, TinyBinary.Description, wrongLength));

        var adam = new Adam();
        var state = adam.CreateState(3);
        float[] parameters = new float[TinyBinary.Description.ParameterCount];
        Assert.Throws<ArgumentException>(() => WeightFile.Write(Stream.Null, TinyBinary.Description, parameters, new SavedOptimizer(adam, state)));
        Assert.Throws<ArgumentException>(() => new SavedOptimizer(new Sgd(0.1f), adam.CreateState(parameters.Length)));
        Assert.Throws<NotSupportedException>(() => new SavedOptimizer(new CustomOptimizer(), null));
        Assert.False(SavedOptimizer.IsSupported(new CustomOptimizer()));
        Assert.True(SavedOptimizer.IsSupported(new AdamW()));
    }

    private sealed class CustomOptimizer() : Optimizer(0.1f, 0)
    {
        public override OptimizerState CreateState(int parameterCount) => new(parameterCount, 0);

        public override void Step(Span<float> parameters, ReadOnlySpan<float> gradients, OptimizerState state)
        {
        }
    }
}
