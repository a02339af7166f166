using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generator;
using ModelGen.Tests.Harness;
using Xunit;

namespace ModelGen.Tests;

/// <summary>The pipeline caches: an unrelated edit re-runs nothing, and no Roslyn object is kept in a step's output.</summary>
public sealed class IncrementalTests
{
    private const string Source = """
        using ModelGen;
        namespace Demo;
        [Model(1, 12, 12, Task = ModelTask.Binary)]
        [Conv2D(4, 3, Padding = 1), ReLU, MaxPool2D(2)]
        [Flatten, Dense(1)]
        public partial class Nodule { }
        """;

    private static readonly string[] TrackedSteps =
        [TrackingNames.Parse, TrackingNames.Options, TrackingNames.Plan, TrackingNames.Diagnostics, TrackingNames.Source];

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached_or_unchanged()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        Assert.Single(first.GeneratedSources);

        CSharpCompilation edited = compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace Demo; public static class Unrelated { public static int Answer => 42; }", GeneratorHarness.ParseOptions, "Other.cs"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps.Where(s => s != TrackingNames.Diagnostics))
        {
            Assert.True(second.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
        }

        foreach (var (name, runs) in second.TrackedSteps.Where(s => TrackedSteps.Contains(s.Key)))
        {
            foreach (var output in runs.SelectMany(r => r.Outputs))
            {
                Assert.True(
                    output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"step {name} re-ran with reason {output.Reason}");
            }
        }
    }

    [Fact]
    public void Editing_the_model_re_runs_the_plan_and_changes_the_source()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Source.Replace("Conv2D(4, 3", "Conv2D(6, 3", StringComparison.Ordinal))));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var source = second.TrackedSteps[TrackingNames.Source].SelectMany(r => r.Outputs).Single();
        Assert.Equal(IncrementalStepRunReason.Modified, source.Reason);
    }

    [Fact]
    public void No_step_output_holds_a_compilation_symbol_or_syntax_node()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Source);
        GeneratorRunResult result = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            if (!result.TrackedSteps.TryGetValue(step, out var runs))
            {
                continue;
            }

            foreach (var (value, _) in runs.SelectMany(r => r.Outputs))
            {
                AssertNoRoslynObjects(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is Compilation or ISymbol or SyntaxNode or SemanticModel, $"{path} holds a {value.GetType().Name}");
        if (value is DiagnosticDescriptor)
        {
            return; // immutable and equatable; safe to carry
        }

        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
            {
                AssertNoRoslynObjects(item, $"{path}[{i++}]", seen);
            }
        }

        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
        }
    }
}
