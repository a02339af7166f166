using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using ModelGen.Tests.Harness;
using ModelGen.Tests.Reference;
using RefKind = ModelGen.Tests.Reference.RefKind;
using Xunit;

namespace ModelGen.Tests.Fuzz;

/// <summary>Declarations the generator fuzzer found to crash the generator, break the build or blow up the output.</summary>
public sealed class GeneratorRegressionTests
{
    private static readonly Dictionary<string, string> ScalarOnly = new() { ["ModelGenInstructionSets"] = "scalar" };

    [Fact]
    public void Keywords_as_names_of_the_model_its_namespace_and_its_containing_types_compile()
    {
        // Before: 'partial class class' in the generated file, and a hint name with '@' that threw from AddSource.
        const string source = """
            using ModelGen;
            namespace Scans.@event
            {
                public partial class @int
                {
                    [Model(4, Task = ModelTask.Binary)][Dense(3), ReLU, Dense(1)]
                    public partial class @class { }
                }

                [Model(4)][Dense(2)] public partial class @record { }
            }
            """;
        Assembly assembly = GeneratorHarness.CompileAndLoad(source);
        IModel model = GeneratorHarness.Create(assembly, "Scans.event.int+class");
        var output = new float[1];
        model.Predict(new float[] { 1, 2, 3, 4 }, output);
        Assert.InRange(output[0], 0f, 1f);
        Assert.NotNull(assembly.GetType("Scans.event.record", throwOnError: true));
    }

    [Fact]
    public void A_unicode_escape_in_a_containing_type_name_gives_a_valid_hint_name()
    {
        // Before: the escape's backslash became '/' in the hint name, and AddSource threw on the segment './'.
        GeneratorOutcome outcome = GeneratorHarness.Run("using ModelGen;\nnamespace N { public partial class \\u004Futer { [Model(4)][Dense(2)] public partial class M { } } }");
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilerErrors);
        Assert.Equal("N._u004Futer.M.g.cs", Assert.Single(outcome.GeneratedSources).Key);
    }

    [Theory]
    [InlineData("[Model(4)][Dense(2)] public partial class Twice { } [Model(4)] public partial class Twice { }")]
    [InlineData("[Model(4)][Model(8)][Dense(2)] public partial class Twice { }")]
    public void Model_twice_leaves_the_error_to_the_compiler_instead_of_throwing(string declaration)
    {
        // Before: one file per [Model] declaration under the same hint name, and AddSource threw.
        var compilation = GeneratorHarness.CreateCompilation("using ModelGen;\n" + declaration);
        GeneratorDriverRunResult result = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _).GetRunResult();

        Assert.Null(result.Results[0].Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedTrees);
        Assert.All(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), d => Assert.Equal("CS0579", d.Id));
    }

    [Fact]
    public void A_null_input_shape_is_an_invalid_shape_not_an_internal_error()
    {
        // Before: MG9999 (NullReferenceException reading the null array).
        GeneratorOutcome outcome = GeneratorHarness.Run("using ModelGen;\n[Model(null)][Dense(2)] public partial class NoShape { }");
        Diagnostic diagnostic = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal("MG0004", diagnostic.Id);
        Assert.Equal("Model(null)", outcome.TextAt(diagnostic));
    }

    [Fact]
    public void Null_label_names_count_as_no_names()
    {
        // Before: MG9999 (NullReferenceException reading the null array).
        GeneratorOutcome outcome = GeneratorHarness.Run("using ModelGen;\n[Model(4)][Labels(null)][Dense(2)] public partial class NoNames { }");
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilerErrors);
        Assert.Single(outcome.GeneratedSources);
    }

    [Fact]
    public void A_huge_kernel_falls_back_to_scalar_code_with_a_warning_and_still_computes_the_convolution()
    {
        // Before: every one of the 1,600 taps of a 40x40 kernel unrolled per vector path, 3.7 MB of source;
        // Conv2D(1, 1000, Padding = 500) took the generator past 14 GB. The vector kernels now unroll one kernel row,
        // so a kernel has to be far wider to reach the budget: a row of 2,000 taps is over it even on the two vector
        // paths a 5-pixel row gets. Its kernels are loops, the file small, the numbers right.
        var network = new ReferenceNetwork([1, 4, 4], ModelTask.MultiClass, [new RefLayer(RefKind.Conv2D, 1, 2000, 1, 1000), new RefLayer(RefKind.Flatten), new RefLayer(RefKind.Dense, 2)]);
        GeneratorOutcome outcome = GeneratorHarness.Run("using ModelGen;\n" + network.Declaration("BigKernel"));

        Diagnostic warning = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal("MG0020", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("Conv2D(1, 2000, Padding = 1000)", outcome.TextAt(warning));
        Assert.Contains("its forward and backward passes", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        string generated = Assert.Single(outcome.GeneratedSources).Value;
        Assert.True(generated.Length < 200_000, $"{generated.Length:N0} chars");
        Assert.DoesNotContain("Layer0_Conv2D_Avx2", generated, StringComparison.Ordinal);
        Assert.Contains("Layer2_Dense_Avx2", generated, StringComparison.Ordinal);

        IModel model = Load(outcome, "BigKernel");
        var random = new Random(3);
        float[] parameters = Numbers.RandomNormal(random, model.ParameterCount, scale: 0.1);
        model.ImportParameters(parameters);
        float[] input = Numbers.RandomNormal(random, model.InputLength);
        var output = new float[2];
        model.Predict(input, output);
        Numbers.AssertClose(network.Forward(parameters, input), output, 2e-5, "BigKernel");
    }

    [Fact]
    public void A_wide_layer_loops_over_channel_blocks_and_row_positions_and_computes_the_same_gradients()
    {
        // Before: the SIMD input gradient unrolled every block of 8 input channels and every vector position of a
        // row, so Conv2D(2048, 3) after Conv2D(2048, 3) wrote 43 MB of source. Now full blocks and long rows are
        // loops. This layer's 20 input channels go in 4 blocks of 5, and its rows of 68 in pairs of vectors: a loop
        // of two pairs for 16-wide vectors, a loop of four pairs and a tail for 8-wide ones, eight pairs and an odd one for 4-wide ones.
        // (20 x 6 channels is below where the input gradient runs Winograd instead.)
        const string declaration = "using ModelGen;\n[Model(3, 6, 70, Task = ModelTask.MultiLabel)][Conv2D(20, 3), ReLU, Conv2D(6, 3), GlobalAvgPool2D, Dense(3)] public partial class Wide { }";
        GeneratorOutcome outcome = GeneratorHarness.Run(declaration);
        Assert.Empty(outcome.GeneratorDiagnostics);
        string generated = Assert.Single(outcome.GeneratedSources).Value;
        Assert.Contains("for (int ic0 = 0; ic0 < 20; ic0 += 5)", generated, StringComparison.Ordinal);
        Assert.Contains("for (int X = 0; X <= 48; X += 16)", generated, StringComparison.Ordinal);
        Assert.True(generated.Length < 400_000, $"{generated.Length:N0} chars");

        AssertSameGradientsAsScalar(outcome, declaration, "Wide", [1, 0, 1, 0, 0, 1]);
    }

    [Fact]
    public void A_big_kernel_keeps_its_simd_forward_pass_and_trains_with_scalar_backward_code()
    {
        // A 13x13 kernel on 20 input channels: its backward kernels (about 2,100 lines over the three instruction
        // sets) are more than its forward ones (about 700) and take the model over a budget of 2,500 lines, so the
        // backward pass falls back to scalar code.
        const string declaration = "using ModelGen;\n[Model(20, 16, 44, Task = ModelTask.MultiLabel)][Conv2D(20, 1), Conv2D(8, 13), GlobalAvgPool2D, Dense(3)] public partial class Big { }";
        GeneratorOutcome outcome = GeneratorHarness.Run(declaration, new Dictionary<string, string> { ["ModelGenUnrollBudget"] = "2500" });

        Diagnostic warning = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal("MG0020", warning.Id);
        Assert.Equal("Conv2D(8, 13)", outcome.TextAt(warning));
        Assert.Contains("its backward pass (training)", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        string generated = Assert.Single(outcome.GeneratedSources).Value;
        Assert.True(generated.Length < 2_000_000, $"{generated.Length:N0} chars");
        Assert.Contains("Layer1_Conv2D_Avx2(", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("Layer1_Conv2D_Backward_Avx2(", generated, StringComparison.Ordinal);
        Assert.Contains("Layer0_Conv2D_Backward_Avx2(", generated, StringComparison.Ordinal);

        AssertSameGradientsAsScalar(outcome, declaration, "Big", [1, 0, 1, 0, 0, 1]);
    }

    /// <summary>Gradients of a two-sample batch against the all-scalar build of the same model, which the gradient checks cover.</summary>
    private static void AssertSameGradientsAsScalar(GeneratorOutcome outcome, string declaration, string typeName, float[] targets)
    {
        var generated = (ITrainableModel)Load(outcome, typeName);
        var scalar = (ITrainableModel)Load(GeneratorHarness.Run(declaration, ScalarOnly), typeName);
        float[] inputs = Numbers.RandomNormal(new Random(4), 2 * generated.InputLength);
        float[] Gradients(ITrainableModel model)
        {
            var gradients = new float[model.ParameterCount];
            model.AccumulateGradients(inputs, targets, gradients, new float[model.TrainingArenaLength], 1f / targets.Length);
            return gradients;
        }

        float[] expected = Gradients(scalar), actual = Gradients(generated);
        Numbers.AssertClose(expected.Select(v => (double)v).ToArray(), actual, 1e-5, $"{typeName} gradients");
    }

    [Fact]
    public void A_huge_stride_and_padding_use_scalar_kernels_instead_of_an_overflowed_scratch_buffer()
    {
        // The packed input of this layer would be 2^43 floats; as an int it wrapped to 2^22 and the SIMD kernels
        // indexed it with overflowing arithmetic. The planner now sizes it without overflow and keeps the scalar kernel.
        GeneratorOutcome outcome = GeneratorHarness.Run("using ModelGen;\n[Model(1, 1, 1048577)][Conv2D(4, 1, Stride = 1048576, Padding = 1048576), Flatten, Dense(2)] public partial class Sparse { }");
        Assert.Empty(outcome.GeneratorDiagnostics);
        string generated = Assert.Single(outcome.GeneratedSources).Value;
        Assert.DoesNotContain("Layer0_Conv2D_Avx2", generated, StringComparison.Ordinal);

        // Output 4x3x4: only the pixels at (1, 1) and (1, 2) see the input (x[0] and x[2^20]); the rest is the bias.
        IModel model = Load(outcome, "Sparse");
        var parameters = new float[model.ParameterCount];
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = 0.01f * ((i % 7) - 3);
        }

        model.ImportParameters(parameters);
        var input = new float[model.InputLength];
        input[0] = 2f;
        input[1 << 20] = -3f;
        var conv = new double[48];
        for (int c = 0; c < 4; c++)
        {
            for (int p = 0; p < 12; p++)
            {
                conv[(c * 12) + p] = parameters[4 + c];
            }

            conv[(c * 12) + 5] += parameters[c] * 2.0;
            conv[(c * 12) + 6] += parameters[c] * -3.0;
        }

        double[] logits = Enumerable.Range(0, 2).Select(o => parameters[8 + 96 + o] + Enumerable.Range(0, 48).Sum(i => parameters[8 + (o * 48) + i] * conv[i])).ToArray();
        double max = logits.Max();
        double[] expected = logits.Select(z => Math.Exp(z - max) / logits.Sum(v => Math.Exp(v - max))).ToArray();
        var output = new float[2];
        model.Predict(input, output);
        Numbers.AssertClose(expected, output, 1e-6, "Sparse");
    }

    private static IModel Load(GeneratorOutcome outcome, string typeName)
    {
        Assert.Empty(outcome.CompilerErrors);
        using var image = new System.IO.MemoryStream();
        Assert.True(outcome.Compilation.Emit(image).Success);
        image.Position = 0;
        Assembly assembly = new System.Runtime.Loader.AssemblyLoadContext(typeName, isCollectible: true).LoadFromStream(image);
        return GeneratorHarness.Create(assembly, typeName, seed: 1);
    }
}
