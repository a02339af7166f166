using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ModelGen.Data;
using ModelGen.Tests.Harness;
using ModelGen.Tests.Serialization;
using Xunit;

namespace ModelGen.Tests.Samples;

/// <summary>
/// The edge sample published with NativeAOT for linux-x64 (run natively) and linux-arm64 (run under qemu) gives
/// the predictions of the JIT build on the same weights and slices.
/// </summary>
[Collection(SampleRuns.Name)]
public sealed class EdgeBinaryTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Native_binaries_for_x64_and_arm64_predict_as_the_jit_build()
    {
        Prerequisites.Require(File.Exists("/usr/bin/clang") && File.Exists("/usr/bin/ld.lld"), "clang and lld (apt-get install clang lld llvm)");
        Prerequisites.Require(Directory.Exists("/usr/aarch64-linux-gnu/lib"), "the arm64 cross libraries (apt-get install libc6-dev-arm64-cross libgcc-12-dev-arm64-cross)");
        Prerequisites.Require(File.Exists("/usr/bin/qemu-aarch64"), "qemu-user (apt-get install qemu-user)");
        Prerequisites.Require(File.Exists("/lib/ld-linux-aarch64.so.1"), "the arm64 multiarch C library (dpkg --add-architecture arm64; apt-get install libc6:arm64)");

        string root = Prerequisites.RepositoryRoot();
        string project = Path.Combine(root, "samples", "EdgeClassifier", "EdgeClassifier.csproj");
        string weights = _directory["nodule.mgw"];
        new SampleNoduleNet(seed: 8).Save(weights);
        TrainingData slices = PhantomScans.Binary(6, seed: 5);
        var files = new List<string>();
        for (int i = 0; i < slices.Count; i++)
        {
            files.Add(_directory[$"slice{i}.pgm"]);
            PgmWriter.Write(files[^1], slices.Input(i), 64, 64);
        }

        string[] classify = [weights, .. files];
        var jit = await ProcessRunner.Run("dotnet", ["run", "-c", "Release", "--project", project, "--", .. classify], root);
        Assert.True(jit.ExitCode == 0, jit.Output + jit.Error);

        string x64 = await Publish(root, project, "linux-x64", "-p:IlcInstructionSet=x86-64-v3");
        var native = await ProcessRunner.Run(x64, classify);
        Assert.True(native.ExitCode == 0, native.Error);
        Assert.Contains("kernels: Avx", native.Error, StringComparison.Ordinal);
        AssertSamePredictions(jit.Output, native.Output, "linux-x64");

        string arm64 = await Publish(root, project, "linux-arm64", "-p:LinkerFlavor=lld");
        // No -L /usr/aarch64-linux-gnu: the binary's loader would come from the cross libraries and its libc from the
        // multiarch ones, and that mix hangs. The multiarch libraries alone serve it.
        var emulated = await ProcessRunner.Run("/usr/bin/qemu-aarch64", [arm64, .. classify]);
        Assert.True(emulated.ExitCode == 0, emulated.Error);
        Assert.Contains("kernels: AdvSimd", emulated.Error, StringComparison.Ordinal);
        AssertSamePredictions(jit.Output, emulated.Output, "linux-arm64");
    }

    private async Task<string> Publish(string root, string project, string runtime, string extra)
    {
        string output = _directory[runtime];
        var publish = await ProcessRunner.Run(
            "dotnet",
            ["publish", project, "-c", "Release", "-r", runtime, "-p:PublishAot=true", extra, "-warnaserror", "-o", output],
            root);
        Assert.True(publish.ExitCode == 0, $"publish for {runtime} failed:\n{publish.Output}\n{publish.Error}");
        return Path.Combine(output, "EdgeClassifier");
    }

    private static void AssertSamePredictions(string expected, string actual, string runtime)
    {
        static (string File, double P)[] Parse(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Select(f => (f[0], double.Parse(f[2], CultureInfo.InvariantCulture)))
            .ToArray();

        var want = Parse(expected);
        var got = Parse(actual);
        Assert.Equal(6, want.Length);
        Assert.Equal(want.Select(w => w.File), got.Select(g => g.File));
        foreach (var (w, g) in want.Zip(got))
        {
            Assert.True(Math.Abs(w.P - g.P) <= 2e-6, $"{runtime}: {g.File} gives {g.P}, the JIT build {w.P}");
        }
    }
}
