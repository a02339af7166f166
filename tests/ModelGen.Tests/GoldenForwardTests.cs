using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using ModelGen.Tests.Harness;
using Xunit;

namespace ModelGen.Tests;

/// <summary>Outputs equal PyTorch's on committed vectors made by Golden/make_forward_goldens.py.</summary>
public sealed class GoldenForwardTests
{
    // The tolerance the foundation issue asks for: PyTorch sums in another order, so the last bits differ.
    private const double Tolerance = 1e-5;

    private static readonly Lazy<(IReadOnlyList<Golden> Goldens, Assembly Assembly)> Compiled = new(() =>
    {
        var goldens = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Golden", "forward"), "*.json")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize<Golden>(File.ReadAllText(f), new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!)
            .ToList();
        var source = new StringBuilder("using ModelGen;\nnamespace Golden;\n");
        foreach (Golden golden in goldens)
        {
            source.Append(golden.Declaration).Append($"\npublic partial class {golden.ClassName} {{ }}\n");
        }

        return (goldens, GeneratorHarness.CompileAndLoad(source.ToString()));
    });

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
        IModel model = GeneratorHarness.Create(assembly, "Golden." + golden.ClassName);
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
        string Name, string Declaration, int InputLength, int OutputLength, int Batch, float[] Parameters, float[] Inputs, float[] Outputs)
    {
        public string ClassName => string.Concat(Name.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
