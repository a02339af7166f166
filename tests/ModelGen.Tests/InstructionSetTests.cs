using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Xunit;

namespace ModelGen.Tests;

/// <summary>
/// Every kernel path on every run: the numerical suites run again in child processes with the runtime's switches
/// turning AVX-512, AVX2 and all intrinsics off. Each child first checks that the switch took, and fails otherwise.
/// </summary>
public sealed class InstructionSetTests
{
    private const string ExpectedVariable = "MODELGEN_EXPECT_INSTRUCTION_SET";

    /// <summary>Whether this process is a child run on a narrower path; the random suites then use fewer models.</summary>
    public static bool IsChildRun => Environment.GetEnvironmentVariable(ExpectedVariable) is not null;

    private static readonly string[] NumericalSuites =
    [
        "ModelGen.Tests.InstructionSetTests",
        "ModelGen.Tests.ReferenceComparisonTests",
        "ModelGen.Tests.KernelTailTests",
        "ModelGen.Tests.GradientCheckTests",
        "ModelGen.Tests.GoldenForwardTests",
        "ModelGen.Tests.TrainingGoldenTests",
        "ModelGen.Tests.TransposeTests",
    ];

    [Fact]
    public void The_active_path_is_the_one_this_process_expects()
    {
        string expected = Environment.GetEnvironmentVariable(ExpectedVariable) ?? BestForThisMachine();
        Assert.Equal(expected, FashionNet.ActiveInstructionSet);
    }

    [Theory]
    [InlineData("DOTNET_EnableAVX512", "Avx2")]
    [InlineData("DOTNET_EnableAVX2", "Scalar")]
    [InlineData("DOTNET_EnableHWIntrinsic", "Scalar")]
    public async System.Threading.Tasks.Task Numerical_suites_pass_on_a_narrower_path(string switchName, string expected)
    {
        if (IsChildRun)
        {
            return; // already a child: the parent runs the other paths
        }

        Assert.True(X86Base.IsSupported, "these switches are x64's; the arm64 run covers AdvSimd");
        if (expected == "Avx2")
        {
            Assert.True(Vector512.IsHardwareAccelerated, "this machine has no AVX-512, so the parent run is already the AVX2 path");
        }

        // The test program's own xunit runner (not Microsoft.Testing.Platform) takes -class filters.
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(InstructionSetTests).Assembly.Location);
        }

        // The tail tests compare each model's vector kernels with its scalar-only twin: on the scalar path both sides
        // run the same scalar code, so the two scalar children leave them out (a minute of each child's three or four);
        // their reference comparisons and gradient checks still hold that code to the reference, guard floats included.
        foreach (string suite in NumericalSuites.Where(suite => expected != "Scalar" || suite != "ModelGen.Tests.KernelTailTests"))
        {
            start.ArgumentList.Add("-class");
            start.ArgumentList.Add(suite);
        }

        start.Environment[switchName] = "0";
        start.Environment["NO_COLOR"] = "1";
        start.Environment[ExpectedVariable] = expected;
        using Process child = Process.Start(start)!;
        var error = child.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        string output = await child.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await child.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(child.ExitCode == 0, $"{switchName}=0 ({expected} path) failed with exit code {child.ExitCode}:\n{output}\n{await error}");
        Assert.Matches(@"Total: [1-9]\d*, Errors: 0, Failed: 0", output);
    }

    private static string BestForThisMachine() =>
        Vector512.IsHardwareAccelerated ? "Avx512"
        : Avx2.IsSupported && Fma.IsSupported ? "Avx2"
        : System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported ? "AdvSimd"
        : "Scalar";
}
