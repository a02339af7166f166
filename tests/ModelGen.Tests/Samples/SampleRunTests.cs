using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using ModelGen.Tests.Harness;
using ModelGen.Tests.Serialization;
using Xunit;

namespace ModelGen.Tests.Samples;

/// <summary>
/// The short samples, run as a user runs them (<c>dotnet run -c Release --project ...</c>), each held to the figure
/// the README shows. They share a collection with the main job and the edge binary, so their Release builds of the
/// runtime never overlap.
/// </summary>
[Collection(SampleRuns.Name)]
public sealed class SampleRunTests
{
    [Fact]
    public async Task Feature_maps_sample_writes_the_filters_and_every_image_layer_as_png()
    {
        using var directory = new TemporaryDirectory();
        string output = await Run("FeatureMaps", "--out", directory.Path);

        Assert.Matches(@"the model says nodule: 0\.\d\d", output);
        string[] expected = ["input.png", "filters.png", "layer0-conv2d.png", "layer1-relu.png", "layer2-maxpool2d.png", "layer8-maxpool2d.png"];
        foreach (string file in expected)
        {
            Assert.True(File.Exists(directory[file]), $"{file} was not written:\n{output}");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(directory[file])[..4]);
        }

        Assert.Equal(11, Directory.GetFiles(directory.Path, "*.png").Length);
    }

    [Fact]
    public async Task Binary_example_reaches_its_documented_auroc()
    {
        using var directory = new TemporaryDirectory();
        string output = await Run("BinaryNodules", workingDirectory: directory.Path);
        Assert.True(Auroc(output, "nodule") >= 0.85, output);
        Assert.True(File.Exists(directory["nodules.mgw"]), "the weights were not saved");
    }

    [Fact]
    public async Task Multi_label_example_reaches_its_documented_macro_auroc()
    {
        string output = await Run("MultiLabelFindings");
        Match macro = Regex.Match(output, @"^\s*macro\s+(?<auroc>[0-9.]+)", RegexOptions.Multiline);
        Assert.True(macro.Success, output);
        Assert.True(double.Parse(macro.Groups["auroc"].Value, CultureInfo.InvariantCulture) >= 0.86, output);
        Assert.True(Auroc(output, "effusion") >= 0.9, output);
    }

    private static double Auroc(string report, string label)
    {
        Match row = Regex.Match(report, $@"^\s*{label}\s+\d+\s+\d+\s+(?<auroc>[0-9.]+)\s+\[", RegexOptions.Multiline);
        Assert.True(row.Success, $"no AUROC row for {label}:\n{report}");
        return double.Parse(row.Groups["auroc"].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<string> Run(string sample, string? option = null, string? value = null, string? workingDirectory = null)
    {
        string root = Prerequisites.RepositoryRoot();
        string[] arguments = option is null
            ? ["run", "-c", "Release", "--project", Path.Combine(root, "samples", sample)]
            : ["run", "-c", "Release", "--project", Path.Combine(root, "samples", sample), "--", option, value!];
        var run = await ProcessRunner.Run("dotnet", arguments, workingDirectory ?? root);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        return run.Output;
    }
}

/// <summary>Samples built and run with <c>dotnet run -c Release</c>, one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class SampleRuns
{
    public const string Name = "Sample runs";
}
