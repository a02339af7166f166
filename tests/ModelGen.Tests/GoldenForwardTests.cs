using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ModelGen.Tests.Harness;
using Xunit;

namespace ModelGen.Tests;

/// <summary>Outputs equal PyTorch's on committed vectors made by Golden/make_forward_goldens.py.</summary>
public sealed class GoldenForwardTests
{
    // The tolerance the foundation issue asks for: PyTorch sums in another order, so the last bits differ.
    private const double Tolerance = 1e-5;

    private static readonly Lazy<(IReadOnlyList<Golden> Goldens, Assembly Assembly)> Compiled =
        new(() => GoldenFiles.LoadAndCompile<Golden>("forward"));

    public static TheoryData<string> Names() => new(Compiled.Value.Goldens.Select(g => g.Name));

    [Fact]
    public void There_are_at_least_six_architectures_covering_every_task()
    {
        var goldens = Compiled.Value.Goldens;
        Assert.True(goldens.Count >= 6, $"only {goldens.Count} golden files");
        foreach (string task in new[] { "Binary", "MultiLabel", "MultiClass" })
        {
            Assert.Contains(goldens, g => g.Declaration.Contains("ModelTask." + task, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Outputs_match_pytorch(string name)
    {
        var (goldens, assembly) = Compiled.Value;
        Golden golden = goldens.Single(g => g.Name == name);
        IModel model = GoldenFiles.Create<IModel>(assembly, "forward", name);
        Assert.Equal(golden.Parameters.Length, model.ParameterCount);
        Assert.Equal(golden.InputLength, model.InputLength);
        Assert.Equal(golden.OutputLength, model.OutputLength);
        model.ImportParameters(golden.Parameters);

        var batchOutputs = new float[golden.Batch * golden.OutputLength];
        model.PredictBatch(golden.Inputs, batchOutputs);
        Numbers.AssertClose(golden.Outputs.Select(v => (double)v).ToArray(), batchOutputs, Tolerance, name + " PredictBatch");

        var exported = new float[model.ParameterCount];
        model.ExportParameters(exported);
        Assert.Equal(golden.Parameters, exported);
    }

    private sealed record Golden(
        string Name, string Declaration, int InputLength, int OutputLength, int Batch, float[] Parameters, float[] Inputs, float[] Outputs) : IGolden;
}
