using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Tests.Harness;
using Xunit;

namespace ModelGen.Tests;

/// <summary>Every diagnostic: its ID, its severity, and that it points at the attribute (or class) at fault.</summary>
public sealed class DiagnosticTests
{
    public static TheoryData<string, string, string, string> Cases() => new()
    {
        { "MG0001", "[Model(4)][Dense(2)] public class NotPartial { }", "NotPartial", "partial" },
        { "MG0002", "public class Outer { [Model(4)][Dense(2)] public partial class Inner { } }", "Inner", "'Outer'" },
        { "MG0003", "[Model(4)] public partial class Empty { }", "Model(4)", "no layers" },
        { "MG0004", "[Model(1, 28)][Flatten, Dense(2)] public partial class TwoDims { }", "Model(1, 28)", "1, 28" },
        { "MG0004", "[Model(1, 0, 28)][Flatten, Dense(2)] public partial class ZeroDim { }", "Model(1, 0, 28)", "1, 0, 28" },
        { "MG0005", "[Model(1, 8, 8)][Conv2D(8, 0), Flatten, Dense(2)] public partial class ZeroKernel { }", "Conv2D(8, 0)", "kernel is 0" },
        { "MG0005", "[Model(1, 8, 8)][Conv2D(8, 3, Stride = 0), Flatten, Dense(2)] public partial class ZeroStride { }", "Conv2D(8, 3, Stride = 0)", "Stride is 0" },
        { "MG0005", "[Model(1, 8, 8)][Conv2D(8, 3, Padding = -1), Flatten, Dense(2)] public partial class NegativePadding { }", "Conv2D(8, 3, Padding = -1)", "Padding is -1" },
        { "MG0005", "[Model(1, 8, 8)][Conv2D(0, 3), Flatten, Dense(2)] public partial class NoFilters { }", "Conv2D(0, 3)", "filters is 0" },
        { "MG0005", "[Model(1, 8, 8)][MaxPool2D(0), Flatten, Dense(2)] public partial class ZeroPool { }", "MaxPool2D(0)", "size is 0" },
        { "MG0005", "[Model(1, 8, 8)][AvgPool2D(2, Stride = -2), Flatten, Dense(2)] public partial class NegativePoolStride { }", "AvgPool2D(2, Stride = -2)", "Stride is -2" },
        { "MG0005", "[Model(4)][Dense(0), Dense(2)] public partial class NoUnits { }", "Dense(0)", "units is 0" },
        { "MG0006", "[Model(1, 4, 4)][Conv2D(2, 5), Flatten, Dense(2)] public partial class TooSmall { }", "Conv2D(2, 5)", "1x4x4" },
        { "MG0006", "[Model(3, 9, 2)][MaxPool2D(3), Flatten, Dense(2)] public partial class PoolTooSmall { }", "MaxPool2D(3)", "3x9x2" },
        { "MG0007", "[Model(1, 8, 8)][Flatten, Conv2D(2, 3), Dense(2)] public partial class ConvAfterFlatten { }", "Conv2D(2, 3)", "vector of 64" },
        { "MG0007", "[Model(16)][MaxPool2D(2), Dense(2)] public partial class PoolOnVector { }", "MaxPool2D(2)", "vector of 16" },
        { "MG0008", "[Model(1, 8, 8)][Dense(4), Dense(2)] public partial class DenseOnImage { }", "Dense(4)", "1x8x8" },
        { "MG0009", "[Model(4, Task = ModelTask.Binary)][Dense(2)] public partial class BinaryTwo { }", "Dense(2)", "exactly 1" },
        { "MG0009", "[Model(4, Task = ModelTask.MultiClass)][Dense(1)] public partial class OneClass { }", "Dense(1)", "at least 2" },
        { "MG0010", "[Model(4, Task = ModelTask.Binary)][Dense(1), Sigmoid] public partial class DoubleSigmoid { }", "Sigmoid", "sigmoid" },
        { "MG0010", "[Model(4)][Dense(3), ReLU] public partial class ReluLast { }", "ReLU", "softmax" },
        { "MG0012", "[Model(4)][Dense(8)] public partial class Split { } [ReLU, Dense(2)] public partial class Split { }", "ReLU", "more than one partial declaration" },
        { "MG0013", "[Model(3, 4096, 4096)][Conv2D(4096, 3, Padding = 1), GlobalAvgPool2D, Dense(2)] public partial class Huge { }", "Conv2D(4096, 3, Padding = 1)", "activation length" },
        { "MG0013", "[Model(1000000)][Dense(1000000), Dense(2)] public partial class HugeDense { }", "Dense(1000000)", "parameter count" },
        { "MG0014", "[Model(1, 8, 8)][Conv2D(2, 3)] public partial class ImageOut { }", "Conv2D(2, 3)", "2x6x6" },
        { "MG0015", "[Model(4)][Dense(2)] public partial class Generic<T> { }", "Generic", "generic" },
        { "MG0017", "[Model(4, Task = ModelTask.MultiLabel)][Labels(\"a\", \"b\")][Dense(3)] public partial class BadLabels { }", "Labels(\"a\", \"b\")", "names 2 labels, but the model has 3 outputs" },
        { "MG0016", "[Model(4, Task = (ModelTask)7)][Dense(2)] public partial class BadTask { }", "Model(4, Task = (ModelTask)7)", "7" },
        { "MG0019", "[Model(4)][Dense(2)] public static partial class Static { }", "Static", "is static" },
        { "MG0019", "[Model(4)][Dense(2)] public partial record Record { }", "Record", "is a record" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_the_error_on_the_declaration_at_fault(string id, string declaration, string at, string messagePart)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run("using ModelGen;\n" + declaration);

        Diagnostic diagnostic = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(at, outcome.TextAt(diagnostic));
        Assert.Contains(messagePart, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Empty(outcome.GeneratedSources);
    }

    [Fact]
    public void Unknown_attribute_in_the_layer_list_is_a_warning_and_the_model_is_still_generated()
    {
        const string source = """
            using ModelGen;
            [System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = true)]
            public sealed class DropoutAttribute : System.Attribute { }
            [Model(4)]
            [Dense(8), Dropout, ReLU, Dense(2)]
            [System.Serializable]
            public partial class WithDropout { }
            """;
        GeneratorOutcome outcome = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal("MG0011", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("Dropout", outcome.TextAt(diagnostic));
        Assert.Single(outcome.GeneratedSources);
        Assert.Empty(outcome.CompilerErrors);
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("emit")]
    public void An_internal_failure_becomes_MG9999_instead_of_an_exception(string stage)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(
            "using ModelGen;\n[Model(4)][Dense(2)] public partial class Faulty { }",
            new Dictionary<string, string> { ["ModelGenFaultInjection"] = stage });

        Diagnostic diagnostic = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal("MG9999", diagnostic.Id);
        Assert.Contains($"fault injected in the {stage} stage", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Contains("Faulty", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_instruction_set_is_a_warning_and_the_rest_still_apply()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(
            "using ModelGen;\n[Model(1, 8, 8)][Conv2D(2, 3), Flatten, Dense(2)] public partial class Isa { }",
            new Dictionary<string, string> { ["ModelGenInstructionSets"] = "avx2;sse9" });

        Diagnostic diagnostic = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal("MG0018", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("'sse9'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        string source = Assert.Single(outcome.GeneratedSources).Value;
        Assert.Contains("Layer0_Conv2D_Avx2", source, System.StringComparison.Ordinal);
        Assert.DoesNotContain("Layer0_Conv2D_Avx512", source, System.StringComparison.Ordinal);
    }

    [Fact]
    public void The_unroll_budget_property_moves_the_line_between_unrolled_and_scalar_kernels()
    {
        const string source = "using ModelGen;\n[Model(1, 8, 40)][Conv2D(4, 3), ReLU, Conv2D(4, 5), Flatten, Dense(2)] public partial class Budget { }";

        GeneratorOutcome roomy = GeneratorHarness.Run(source);
        Assert.Empty(roomy.GeneratorDiagnostics);
        Assert.Contains("Layer2_Conv2D_Avx2(", Assert.Single(roomy.GeneratedSources).Value, System.StringComparison.Ordinal);

        GeneratorOutcome tight = GeneratorHarness.Run(source, new Dictionary<string, string> { ["ModelGenUnrollBudget"] = "0" });
        Assert.Equal(["MG0020", "MG0020"], tight.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Equal(["Conv2D(4, 3)", "Conv2D(4, 5)"], tight.GeneratorDiagnostics.Select(tight.TextAt).Order());
        string scalar = Assert.Single(tight.GeneratedSources).Value;
        Assert.DoesNotContain("_Conv2D_Avx2(", scalar, System.StringComparison.Ordinal);
        Assert.Contains("Layer4_Dense_Avx2(", scalar, System.StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_unroll_budget_is_a_warning_and_the_default_applies()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(
            "using ModelGen;\n[Model(1, 8, 8)][Conv2D(2, 3), Flatten, Dense(2)] public partial class Budget { }",
            new Dictionary<string, string> { ["ModelGenUnrollBudget"] = "lots" });

        Diagnostic diagnostic = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal("MG0021", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("'lots'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Contains("Layer0_Conv2D_Avx2", Assert.Single(outcome.GeneratedSources).Value, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_layer_adds_a_hint_to_the_compiler_error_and_generates_nothing_broken()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run("using ModelGen;\n[Model(4)][Dense(8), Relu, Dense(2)] public partial class Typo { }");

        Diagnostic warning = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal("MG0011", warning.Id);
        Assert.Equal("Relu", outcome.TextAt(warning));
        Assert.All(outcome.CompilerErrors, e => Assert.Equal("CS0246", e.Id));
    }

    [Fact]
    public void Every_descriptor_has_a_distinct_id_and_a_test_case()
    {
        var ids = typeof(Generator.Diagnostics.DiagnosticDescriptors)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id)
            .ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // MG0020 (scalar kernels to bound the code size) is tested in Fuzz/GeneratorRegressionTests.
        var tested = Cases().Select(row => (string)((ITheoryDataRow)row).GetData()[0]!).Concat(["MG0011", "MG0018", "MG0020", "MG0021", "MG9999"]).ToHashSet();
        Assert.All(ids, id => Assert.Contains(id, tested));
    }
}
