using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using ModelGen.Data;
using ModelGen.Tests.Harness;
using ModelGen.Tests.Serialization;
using Xunit;

namespace ModelGen.Tests.Samples;

/// <summary>The README's main job, run as a user runs it, and the Fashion-MNIST reference recipe.</summary>
[Collection(SampleRuns.Name)]
public sealed class MainJobTests
{
    // The figure the README documents for the phantom nodule task.
    private const double DocumentedPhantomAuroc = 0.85;

    [Fact]
    public async Task The_main_job_trains_on_phantom_slices_and_reaches_its_documented_auroc()
    {
        using var directory = new TemporaryDirectory();
        string root = Prerequisites.RepositoryRoot();
        var run = await ProcessRunner.Run(
            "dotnet", ["run", "-c", "Release", "--project", Path.Combine(root, "samples", "TrainScans"), "--", "--out", directory.Path], root);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);

        Match row = Regex.Match(run.Output, @"^\s*nodule\s+\d+\s+\d+\s+(?<auroc>[0-9.]+)\s+\[", RegexOptions.Multiline);
        Assert.True(row.Success, "no AUROC row in the report:\n" + run.Output);
        double auroc = double.Parse(row.Groups["auroc"].Value, CultureInfo.InvariantCulture);
        Assert.True(auroc >= DocumentedPhantomAuroc, $"test AUROC {auroc}\n{run.Output}");
        Assert.Contains("Total params", run.Output, StringComparison.Ordinal);
        foreach (string file in new[] { "nodule.mgw", "roc.svg", "roc.csv", "loss.svg" })
        {
            Assert.True(File.Exists(directory[file]), $"{file} was not written");
        }

        Assert.Equal(8, Directory.GetFiles(directory.Path, "slice-*.pgm").Length);
    }

    [Fact]
    public void The_reference_cnn_reaches_the_pytorch_figures_on_fashion_mnist_in_two_epochs()
    {
        Prerequisites.Require(FashionMnist.FindDirectory() is not null, "Fashion-MNIST (apt-get install dataset-fashion-mnist)");
        (TrainingData training, TrainingData test) = FashionMnist.Load();
        var model = new FashionNet(seed: 0) { Optimizer = new Sgd(0.01f, momentum: 0.9f) };
        model.Fit(training, new FitOptions { Epochs = 2, BatchSize = 32, Seed = 0 });

        EvaluationReport report = model.Evaluate(test);
        Assert.True(report.Accuracy >= 0.86, $"test accuracy {report.Accuracy:0.0000}");
        Assert.True(report.MacroAuroc >= 0.98, $"test macro AUROC {report.MacroAuroc:0.0000}");
    }
}
