using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Emitting;
using ModelGen.Generator.Parsing;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator;

/// <summary>
/// Compiles each [Model] class into shape-specialized C#. Parse (attributes to a spec) and plan (shapes, offsets,
/// diagnostics) are cached per model; source is produced from the plan alone, and diagnostics travel separately.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(ModelParser.ModelAttributeName, ModelParser.IsCandidate, ModelParser.Parse)
            .WithTrackingName(TrackingNames.Parse);

        var options = context.AnalyzerConfigOptionsProvider
            .Select(GeneratorOptions.From)
            .WithTrackingName(TrackingNames.Options);

        var planned = parsed.Combine(options)
            .Select(static (input, cancellationToken) => Plan(input.Left, input.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Plan);

        var diagnostics = planned
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, diagnostic) => output.ReportDiagnostic(diagnostic.ToDiagnostic()));

        var sources = planned
            .Where(static result => result.Plan is not null)
            .Combine(options)
            .Select(static (input, _) => Emit(input.Left.Plan!, input.Right))
            .WithTrackingName(TrackingNames.Source);
        context.RegisterSourceOutput(sources, static (output, source) =>
        {
            if (source.Error is not null)
            {
                output.ReportDiagnostic(source.Error.ToDiagnostic());
            }
            else
            {
                output.AddSource(source.HintName, source.Text);
            }
        });
    }

    private static PlanResult Plan(ParseResult parsed, GeneratorOptions options, CancellationToken cancellationToken)
    {
        if (parsed.Spec is null)
        {
            return new PlanResult(null, parsed.Diagnostics);
        }

        try
        {
            options.InjectFault("plan");
            PlanResult planned = ModelPlanner.Plan(parsed.Spec, options.InstructionSets, options.UnrollBudget, cancellationToken);
            var optionProblems = options.UnknownInstructionSets.Select(name =>
                DiagnosticInfo.Create(DiagnosticDescriptors.UnknownInstructionSet, parsed.Spec.ModelLocation, name));
            if (options.InvalidUnrollBudget is { } invalid)
            {
                optionProblems = optionProblems.Append(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InvalidUnrollBudget, parsed.Spec.ModelLocation, invalid, GeneratorOptions.DefaultUnrollBudget));
            }

            return planned with { Diagnostics = parsed.Diagnostics.Concat(optionProblems).Concat(planned.Diagnostics).ToEquatableArray() };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new PlanResult(null, new[] { InternalError(parsed.Spec.TypeName, parsed.Spec.ModelLocation, exception) }.ToEquatableArray());
        }
    }

    private static GeneratedSource Emit(ModelPlan plan, GeneratorOptions options)
    {
        // Analyzers may not switch the culture, so the emitters format every float and every possibly negative or
        // grouped number with the invariant culture themselves (see Code.Float, Code.Int).
        try
        {
            options.InjectFault("emit");
            return new GeneratedSource(plan.HintName, ModelEmitter.Emit(plan), null);
        }
        catch (Exception exception)
        {
            return new GeneratedSource(plan.HintName, string.Empty, InternalError(plan.TypeName, null, exception));
        }
    }

    private static DiagnosticInfo InternalError(string typeName, LocationInfo? location, Exception exception) =>
        DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, typeName, $"{exception.GetType().Name}: {exception.Message}");
}

/// <summary>One generated file, or the internal error that prevented it.</summary>
internal sealed record GeneratedSource(string HintName, string Text, DiagnosticInfo? Error);
