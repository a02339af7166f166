using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using ModelGen.Tests.Harness;
using Xunit;

namespace ModelGen.Tests.Fuzz;

/// <summary>Declarations the generator fuzzer found to crash the generator or break the build.</summary>
public sealed class GeneratorRegressionTests
{
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
}
