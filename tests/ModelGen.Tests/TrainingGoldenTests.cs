using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ModelGen.Tests.Harness;
using Xunit;

namespace ModelGen.Tests;

/// <summary>Loss, gradient and three optimizer steps equal PyTorch's, on vectors made by Golden/make_training_goldens.py.</summary>
public sealed class TrainingGoldenTests
{
    // Sums run in another order than PyTorch's, so values agree to float rounding, not bit for bit.
    private const double LossTolerance = 1e-5;
    private const double GradientRelativeTolerance = 1e-3;
    private const double GradientAbsoluteTolerance = 1e-6;
    private const double ParameterTolerance = 1e-5;

    private static readonly Lazy<(IReadOnlyList<Golden> Goldens, Assembly Assembly)> Compiled =
        new(() => GoldenFiles.LoadAndCompile<Golden>("training"));

    public static TheoryData<string> Names() => new(Compiled.Value.Goldens.Select(g => g.Name));

    public static TheoryData<string, string> Runs() =>
        new(Compiled.Value.Goldens.SelectMany(g => g.Optimizers.Select(o => (g.Name, o.Name))));

    [Fact]
    public void There_are_at_least_six_architectures_covering_every_task()
    {
        var goldens = Compiled.Value.Goldens;
        Assert.True(goldens.Count >= 6);
        foreach (string task in new[] { "Binary", "MultiLabel", "MultiClass" })
        {
            Assert.Contains(goldens, g => g.Declaration.Contains("ModelTask." + task, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Loss_and_gradient_match_pytorch(string name)
    {
        var (goldens, assembly) = Compiled.Value;
        Golden golden = goldens.Single(g => g.Name == name);
        var model = GoldenFiles.Create<ITrainableModel>(assembly, "training", name);
        model.ImportParameters(golden.Parameters);

        int perSample = model.Task == ModelTask.MultiClass ? 1 : model.OutputLength;
        var gradients = new float[model.ParameterCount];
        double loss = model.AccumulateGradients(golden.Inputs, golden.Targets, gradients, new float[model.TrainingArenaLength], 1f / (golden.Batch * perSample));

        Assert.True(Math.Abs((loss / (golden.Batch * perSample)) - golden.Loss) <= LossTolerance, $"loss {loss / (golden.Batch * perSample)} vs {golden.Loss}");
        for (int i = 0; i < gradients.Length; i++)
        {
            double error = Math.Abs(gradients[i] - golden.Gradient[i]);
            Assert.True(
                error <= GradientAbsoluteTolerance + (GradientRelativeTolerance * Math.Abs(golden.Gradient[i])),
                $"{name}: gradient {i} is {gradients[i]:R}, PyTorch {golden.Gradient[i]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Three_optimizer_steps_match_pytorch(string name, string run)
    {
        var (goldens, assembly) = Compiled.Value;
        Golden golden = goldens.Single(g => g.Name == name);
        OptimizerRun expected = golden.Optimizers.Single(o => o.Name == run);
        var model = GoldenFiles.Create<ITrainableModel>(assembly, "training", name);
        model.ImportParameters(golden.Parameters);
        model.Optimizer = expected.Create();

        for (int step = 0; step < 3; step++)
        {
            float loss = model.TrainBatch(golden.Inputs, golden.Targets);
            Assert.True(Math.Abs(loss - expected.Losses[step]) <= LossTolerance * Math.Max(1, Math.Abs(expected.Losses[step])), $"{run} step {step + 1}: loss {loss} vs {expected.Losses[step]}");
        }

        var parameters = new float[model.ParameterCount];
        model.ExportParameters(parameters);
        for (int i = 0; i < parameters.Length; i++)
        {
            Assert.True(
                Math.Abs(parameters[i] - expected.ParametersAfter[i]) <= ParameterTolerance,
                $"{name} {run}: parameter {i} is {parameters[i]:R} after 3 steps, PyTorch {expected.ParametersAfter[i]:R}");
        }
    }

    private sealed record Golden(
        string Name, string Declaration, int Batch, float[] Parameters, float[] Inputs, float[] Targets, double Loss, float[] Gradient, OptimizerRun[] Optimizers) : IGolden;

    private sealed record OptimizerRun(
        string Name, string Type, double LearningRate, double Momentum, double WeightDecay, bool Nesterov, double Beta1, double Beta2, double Epsilon, float[] Losses, float[] ParametersAfter)
    {
        public Optimizer Create() => Type switch
        {
            "sgd" => new Sgd((float)LearningRate, (float)Momentum, (float)WeightDecay, Nesterov),
            "adam" => new Adam((float)LearningRate, (float)Beta1, (float)Beta2, (float)Epsilon, (float)WeightDecay),
            "adamw" => new AdamW((float)LearningRate, (float)Beta1, (float)Beta2, (float)Epsilon, (float)WeightDecay),
            _ => throw new InvalidOperationException($"unknown optimizer {Type}"),
        };
    }
}
