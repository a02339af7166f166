using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using ModelGen.Tests.Data;
using ModelGen.Tests.Harness;
using Xunit;

namespace ModelGen.Tests;

/// <summary>
/// The NEON path on every run: this test program is published self-contained for linux-arm64 and its numerical
/// suites run under qemu-aarch64, on fewer models, since emulated code runs tens of times slower than native code.
/// In the emulated program this test checks that it is arm64 with NEON and that generated models take their AdvSimd
/// path; if not, it fails, and so does the run.
/// </summary>
public sealed class Arm64Tests : IDisposable
{
    private const string EmulatedVariable = "MODELGEN_EMULATED";

    private static readonly TimeSpan EmulatedRunLimit = TimeSpan.FromMinutes(20);

    private readonly TemporaryDirectory _directory = new();

    /// <summary>Whether this process is the arm64 test program under qemu; the numerical suites then use fewer models.</summary>
    public static bool IsEmulatedRun => Environment.GetEnvironmentVariable(EmulatedVariable) is not null;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Numerical_suites_pass_on_the_neon_path_under_qemu()
    {
        if (IsEmulatedRun)
        {
            AssertOnTheNeonPath();
            return;
        }

        Assert.True(X86Base.IsSupported, "the emulated run is for x64 hosts; on arm64 the main run is already the AdvSimd path");
        Prerequisites.Require(File.Exists("/usr/bin/qemu-aarch64"), "qemu-user (apt-get install qemu-user)");
        Prerequisites.Require(
            File.Exists("/lib/ld-linux-aarch64.so.1") && File.Exists("/usr/lib/aarch64-linux-gnu/libstdc++.so.6") && File.Exists("/usr/lib/aarch64-linux-gnu/libssl.so.3"),
            "the arm64 multiarch libraries (dpkg --add-architecture arm64; apt-get install libc6:arm64 libstdc++6:arm64 libssl3:arm64)");

        var expected = ExpectedTestCounts();
        string program = await Publish();
        var stopwatch = Stopwatch.StartNew();
        string report = _directory.File("arm64.xml");
        var (exitCode, output, error) = await RunUnderQemu(program, expected.Keys, report);
        string context = $"the arm64 run (exit code {exitCode}, {stopwatch.Elapsed.TotalSeconds:F0} s):\n{output}\n{error}";
        Assert.True(exitCode == 0, "failed: " + context);
        Assert.True(Regex.IsMatch(output, @"Total: [1-9]\d*, Errors: 0, Failed: 0, Skipped: 0, Not Run: 0"), "no clean summary from " + context);
        Assert.True(File.Exists(report), "wrote no report: " + context);

        // Every suite ran all its tests, and each passed: none failed, was skipped or went missing from the filter.
        var results = XDocument.Load(report).Descendants("test")
            .Select(t => (Type: (string)t.Attribute("type")!, Result: (string)t.Attribute("result")!, Name: (string)t.Attribute("name")!))
            .ToList();
        Assert.All(results, r => Assert.True(r.Result == "Pass", $"{r.Name}: {r.Result} in {context}"));
        foreach (var (suite, count) in expected)
        {
            int ran = results.Count(r => r.Type == suite);
            Assert.True(ran == count, $"{suite}: {ran} tests ran under qemu, {count} expected; {context}");
        }

        Assert.Equal(expected.Values.Sum(), results.Count);
        TestContext.Current.TestOutputHelper?.WriteLine($"linux-arm64 under qemu: {results.Count} tests passed in {stopwatch.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>In the emulated program: arm64 with NEON, and models from the build and from the harness on their AdvSimd path.</summary>
    private static void AssertOnTheNeonPath()
    {
        Assert.Equal(Architecture.Arm64, RuntimeInformation.ProcessArchitecture);
        Assert.True(AdvSimd.Arm64.IsSupported, "AdvSimd.Arm64.IsSupported is false in the arm64 run");
        Assert.Equal("AdvSimd", FashionNet.ActiveInstructionSet);
        Assembly compiled = GeneratorHarness.CompileAndLoad("using ModelGen;\nnamespace Probe;\n[Model(2, 5, 6)][Conv2D(4, 3), Flatten, Dense(2)] public partial class Net { }");
        Assert.Equal("AdvSimd", compiled.GetType("Probe.Net", throwOnError: true)!.GetProperty("ActiveInstructionSet")!.GetValue(null));
    }

    /// <summary>
    /// Publishes this test program for linux-arm64 into its own artifacts folder next to this build's output, so it
    /// shares no bin or obj folder with the samples other tests build and run meanwhile. ReadyToRun compiles Roslyn
    /// and the tests ahead of time: the emulator then translates machine code instead of running the JIT over them.
    /// </summary>
    private static async Task<string> Publish()
    {
        string root = Prerequisites.RepositoryRoot();
        string artifacts = Path.Combine(AppContext.BaseDirectory, "linux-arm64-artifacts");
        string output = Path.Combine(artifacts, "publish");
        var publish = await ProcessRunner.Run(
            "dotnet",
            [
                "publish", Path.Combine(root, "tests", "ModelGen.Tests", "ModelGen.Tests.csproj"), "-c", "Release", "-r", "linux-arm64",
                "--self-contained", "-p:PublishReadyToRun=true", "--artifacts-path", artifacts, "-o", output, "-warnaserror",
            ],
            root);
        Assert.True(publish.ExitCode == 0, $"publish for linux-arm64 failed:\n{publish.Output}\n{publish.Error}");
        return Path.Combine(output, "ModelGen.Tests");
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunUnderQemu(string program, IEnumerable<string> suites, string report)
    {
        // No -L: with the multiarch libc installed, qemu finds /lib/ld-linux-aarch64.so.1 itself (with -L it hangs).
        var start = new ProcessStartInfo("/usr/bin/qemu-aarch64")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(program),
        };
        start.ArgumentList.Add(program);
        foreach (string suite in suites)
        {
            start.ArgumentList.Add("-class");
            start.ArgumentList.Add(suite);
        }

        start.ArgumentList.Add("-xml");
        start.ArgumentList.Add(report);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["MODELGEN_EXPECT_INSTRUCTION_SET"] = "AdvSimd";
        start.Environment[EmulatedVariable] = "qemu-aarch64";

        // qemu notices code being rewritten only through the address it runs it at; with W^X the runtime writes code
        // through a second mapping, so qemu would go on running stale translations (dotnet/runtime#94909).
        start.Environment["DOTNET_EnableWriteXorExecute"] = "0";

        // The ReadyToRun code is kept, not compiled again at tier 1, and each generated kernel is compiled once.
        start.Environment["DOTNET_TieredCompilation"] = "0";

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(EmulatedRunLimit);
        using Process child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = child.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await child.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"the arm64 run did not finish within {EmulatedRunLimit.TotalMinutes} minutes:\n{await output}\n{await error}");
        }

        return (child.ExitCode, await output, await error);
    }

    /// <summary>
    /// The numerical suites that fit the emulator's speed, by class name, and how many tests each has: its facts, and
    /// a theory row per golden file, golden optimizer run or tail case.
    /// </summary>
    private static Dictionary<string, int> ExpectedTestCounts()
    {
        string golden = Path.Combine(AppContext.BaseDirectory, "Golden");
        int forward = Directory.GetFiles(Path.Combine(golden, "forward"), "*.json").Length;
        int training = Directory.GetFiles(Path.Combine(golden, "training"), "*.json").Sum(file =>
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(file));
            return 1 + document.RootElement.GetProperty("optimizers").GetArrayLength();
        });
        Assert.True(forward >= 6 && training >= 6 * 2, "the golden files are missing from the test output");
        return new Dictionary<string, int>
        {
            [typeof(Arm64Tests).FullName!] = 1,
            [typeof(GoldenForwardTests).FullName!] = 1 + forward,
            [typeof(TrainingGoldenTests).FullName!] = 1 + training,
            [typeof(ReferenceComparisonTests).FullName!] = 1,
            [typeof(GradientCheckTests).FullName!] = 1,
            [typeof(KernelTailTests).FullName!] = KernelTailTests.Cases(emulated: true).Count,
            [typeof(TransposeTests).FullName!] = 4,
            [typeof(PairsTests).FullName!] = 1,
        };
    }
}
