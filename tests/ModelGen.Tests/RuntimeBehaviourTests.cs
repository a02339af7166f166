using System;
using System.Linq;
using System.Threading.Tasks;
using ModelGen.Tests.Harness;
using Xunit;

namespace ModelGen.Tests;

/// <summary>What a user of a generated model relies on: lengths, allocation, threads, initialisation, errors.</summary>
public sealed class RuntimeBehaviourTests
{
    [Fact]
    public void Constants_describe_the_reference_cnn()
    {
        Assert.Equal(784, FashionNet.InputLength);
        Assert.Equal(10, FashionNet.OutputLength);
        Assert.Equal(1, FashionNet.TargetLength);
        Assert.Equal(80 + 1168 + 50240 + 650, FashionNet.ParameterCount);
        Assert.Equal(4, Outer.NestedNet.TargetLength);
        Assert.Equal(1, TinyBinary.OutputLength);
    }

    [Fact]
    public void Summary_lists_every_layer_with_shapes_parameters_and_totals()
    {
        string summary = FashionNet.Summary;
        string[] lines = summary.Split('\n');
        Assert.StartsWith("Model: FashionNet (MultiClass, softmax over 10 classes)", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("Conv2D(8, 3, Padding = 1)", StringComparison.Ordinal) && l.Contains("8x28x28", StringComparison.Ordinal) && l.TrimEnd().EndsWith("112,896", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Dense(64)", StringComparison.Ordinal) && l.Contains("50,240", StringComparison.Ordinal));
        Assert.Contains("Total params: 52,138", summary, StringComparison.Ordinal);
        Assert.Contains("FLOPs per sample: 684,992", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_allocates_nothing_after_the_first_call()
    {
        var model = new FashionNet(1);
        var input = Numbers.RandomNormal(new Random(1), FashionNet.InputLength);
        var output = new float[FashionNet.OutputLength];
        Assert.Equal(0, Allocations.PerWindow(() => model.Predict(input, output)));
    }

    [Fact]
    public void Outputs_are_probabilities()
    {
        var input = Numbers.RandomNormal(new Random(2), FashionNet.InputLength);
        var output = new float[FashionNet.OutputLength];
        new FashionNet(3).Predict(input, output);
        Assert.All(output, p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(1.0, output.Sum(), 5);

        var labels = new float[4];
        new Outer.NestedNet().Predict(Numbers.RandomNormal(new Random(4), Outer.NestedNet.InputLength), labels);
        Assert.All(labels, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void Concurrent_predictions_on_one_instance_equal_sequential_ones()
    {
        var model = new FashionNet(5);
        var random = new Random(5);
        float[][] inputs = Enumerable.Range(0, 64).Select(_ => Numbers.RandomNormal(random, FashionNet.InputLength)).ToArray();
        float[][] sequential = inputs.Select(input =>
        {
            var output = new float[FashionNet.OutputLength];
            model.Predict(input, output);
            return output;
        }).ToArray();

        var concurrent = new float[inputs.Length][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            for (int round = 0; round < 4; round++)
            {
                for (int i = worker; i < inputs.Length; i += 8)
                {
                    var output = new float[FashionNet.OutputLength];
                    model.Predict(inputs[i], output);
                    concurrent[i] = output;
                }
            }
        });

        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(sequential[i], concurrent[i]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(300)]
    public void PredictBatch_equals_Predict_per_sample(int batch)
    {
        var model = new FashionNet(6);
        float[] inputs = Numbers.RandomNormal(new Random(batch), batch * FashionNet.InputLength);
        var outputs = new float[batch * FashionNet.OutputLength];
        model.PredictBatch(inputs, outputs);

        var single = new float[FashionNet.OutputLength];
        for (int i = 0; i < batch; i++)
        {
            model.Predict(inputs.AsSpan(i * FashionNet.InputLength, FashionNet.InputLength), single);
            Assert.Equal(single, outputs.AsSpan(i * FashionNet.OutputLength, FashionNet.OutputLength).ToArray());
        }
    }

    [Fact]
    public void Wrong_span_lengths_throw_ArgumentException_naming_the_expected_length()
    {
        var model = new FashionNet();
        var error = Assert.Throws<ArgumentException>(() => model.Predict(new float[783], new float[10]));
        Assert.Equal("input", error.ParamName);
        Assert.Contains("784", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ArgumentException>(() => model.Predict(new float[784], new float[9]));
        Assert.Equal("output", error.ParamName);
        Assert.Contains("10", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ArgumentException>(() => model.PredictBatch(new float[784 * 2 + 1], new float[20]));
        Assert.Equal("inputs", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => model.PredictBatch(new float[784 * 2], new float[30]));
        Assert.Equal("outputs", error.ParamName);
        Assert.Contains("20", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ArgumentException>(() => model.ImportParameters(new float[5]));
        Assert.Contains("52138", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => model.ExportParameters(new float[52139]));
    }

    [Fact]
    public void Initialisation_is_deterministic_per_seed_and_within_pytorch_bounds()
    {
        float[] Export(int seed)
        {
            var parameters = new float[FashionNet.ParameterCount];
            new FashionNet(seed).ExportParameters(parameters);
            return parameters;
        }

        float[] a = Export(7);
        Assert.Equal(a, Export(7));
        Assert.NotEqual(a, Export(8));
        var defaults = new float[FashionNet.ParameterCount];
        new FashionNet().ExportParameters(defaults);
        Assert.Equal(Export(FashionNet.DefaultSeed), defaults);

        // (offset, length, fan_in) per tensor in state_dict order; bound = 1/sqrt(fan_in).
        (int Offset, int Length, int FanIn)[] tensors = [(0, 72, 9), (72, 8, 9), (80, 1152, 72), (1232, 16, 72), (1248, 50176, 784), (51424, 64, 784), (51488, 640, 64), (52128, 10, 64)];
        foreach (var (offset, length, fanIn) in tensors)
        {
            float bound = 1f / MathF.Sqrt(fanIn);
            var values = a.AsSpan(offset, length).ToArray();
            Assert.All(values, v => Assert.InRange(v, -bound, bound));
            if (length >= 64)
            {
                // Uniform over the whole range: both ends reached, mean near zero.
                Assert.True(values.Max() > 0.9f * bound && values.Min() < -0.9f * bound, $"tensor at {offset} does not span its bound");
                Assert.InRange(values.Average(), -0.2 * bound, 0.2 * bound);
            }
        }
    }

    [Fact]
    public void Import_then_export_round_trips_exactly()
    {
        float[] parameters = Numbers.RandomNormal(new Random(9), TinyBinary.ParameterCount);
        var model = new TinyBinary();
        model.ImportParameters(parameters);
        var exported = new float[TinyBinary.ParameterCount];
        model.ExportParameters(exported);
        Assert.Equal(parameters, exported);
    }

    [Fact]
    public void NaN_inputs_propagate_to_the_output_without_a_crash()
    {
        var input = new float[FashionNet.InputLength];
        input[300] = float.NaN;
        var output = new float[FashionNet.OutputLength];
        new FashionNet().Predict(input, output);
        Assert.All(output, p => Assert.True(float.IsNaN(p)));
    }
}

public sealed class DescriptionTests
{
    [Fact]
    public void Tensors_carry_the_names_nn_Sequential_gives_them()
    {
        Assert.Equal(
            ["0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "9.weight", "9.bias"],
            FashionNet.Description.Tensors.Select(t => t.Name));
        Assert.Equal([64, 784], FashionNet.Description.Tensors[4].Shape);
        Assert.Equal(FashionNet.ParameterCount, FashionNet.Description.ParameterCount);

        // GlobalAvgPool2D is two modules in PyTorch (AdaptiveAvgPool2d, Flatten), so the Dense after it is module 4.
        Assert.Equal(["0.weight", "0.bias", "4.weight", "4.bias"], Outer.NestedNet.Description.Tensors.Select(t => t.Name));
    }

    [Fact]
    public void The_signature_names_every_layer_with_its_shapes_but_not_the_class()
    {
        string signature = FashionNet.Description.Signature;
        Assert.StartsWith("task MultiClass\ninput 1x28x28\n0 Conv2D(8, 3, Padding = 1) 1x28x28 -> 8x28x28\n", signature, StringComparison.Ordinal);
        Assert.DoesNotContain("FashionNet", signature, StringComparison.Ordinal);
    }

    [Fact]
    public void AccumulateGradients_rejects_spans_of_the_wrong_length_before_any_kernel_runs()
    {
        ITrainableModel model = new FashionNet(7);
        float[] inputs = new float[2 * FashionNet.InputLength], targets = [1, 2];
        var gradients = new float[FashionNet.ParameterCount];
        var arena = new float[model.TrainingArenaLength];
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() => model.AccumulateGradients(inputs, targets, new float[FashionNet.ParameterCount - 1], arena, 1f)).ParamName);
        Assert.Equal("arena", Assert.Throws<ArgumentException>(() => model.AccumulateGradients(inputs, targets, gradients, new float[model.TrainingArenaLength - 1], 1f)).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => model.AccumulateGradients(inputs, [1], gradients, arena, 1f)).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => model.AccumulateGradients(new float[FashionNet.InputLength + 1], [1], gradients, arena, 1f)).ParamName);
        Assert.All(gradients, g => Assert.Equal(0f, g));
    }

    [Fact]
    public void A_weight_gradient_summed_over_several_samples_at_once_equals_one_sample_at_a_time_to_the_bit()
    {
        // FashionNet's Dense(64) sums its weight gradient over 8 samples at a time (DeferredWeightGradient): 19
        // samples in one call are two full groups and a partial one, 19 calls of one sample each 19 partial ones.
        ITrainableModel model = new FashionNet(5);
        const int count = 19;
        float[] inputs = Numbers.RandomNormal(new Random(19), count * FashionNet.InputLength);
        float[] targets = [.. Enumerable.Range(0, count).Select(n => (float)(n % 10))];
        var arena = new float[model.TrainingArenaLength];
        var together = new float[FashionNet.ParameterCount];
        model.AccumulateGradients(inputs, targets, together, arena, 0.1f);
        var oneByOne = new float[FashionNet.ParameterCount];
        for (int n = 0; n < count; n++)
        {
            model.AccumulateGradients(inputs.AsSpan(n * FashionNet.InputLength, FashionNet.InputLength), targets.AsSpan(n, 1), oneByOne, arena, 0.1f);
        }

        Assert.Equal(oneByOne, together);
        ModelGen.Serialization.TensorInfo dense = FashionNet.Description.Tensors.Single(t => t.Name == "7.weight");
        Assert.True(together.AsSpan(dense.Offset, dense.Length).ContainsAnyExcept(0f), "the Dense(64) weight gradient is all zero");
    }

    [Fact]
    public void An_optimizer_state_with_a_buffer_of_the_wrong_length_is_rejected()
    {
        var adam = new Adam();
        OptimizerState state = adam.CreateState(4);
        state.Buffers[1] = new float[3];
        Assert.Throws<ArgumentException>(() => adam.Step(new float[4], new float[4], state));
    }
}
