using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator;

/// <summary>
/// MSBuild properties read through <c>build_property.*</c>:
/// <c>ModelGenInstructionSets</c> (which SIMD paths to emit: Avx512, Avx2, AdvSimd, or x64, arm64, all; the scalar
/// path is always there), <c>ModelGenUnrollBudget</c> (about how many lines of unrolled SIMD kernels one model may
/// have before its largest layers fall back to loops), and <c>ModelGenFaultInjection</c>, which makes a stage throw so tests can prove that an
/// internal failure becomes diagnostic MG9999 instead of a crashed build.
/// </summary>
internal sealed record GeneratorOptions(
    string? FaultInjection,
    EquatableArray<InstructionSet> InstructionSets,
    EquatableArray<string> UnknownInstructionSets,
    int UnrollBudget,
    string? InvalidUnrollBudget)
{
    /// <summary>At some 95 characters a line, 1.5 MB of kernels; the rest of a model is tens of KB.</summary>
    public const int DefaultUnrollBudget = 16_000;

    public static GeneratorOptions Default { get; } = Parse(null, null, null);

    public static GeneratorOptions From(AnalyzerConfigOptionsProvider provider, System.Threading.CancellationToken _)
    {
        provider.GlobalOptions.TryGetValue("build_property.ModelGenFaultInjection", out string? fault);
        provider.GlobalOptions.TryGetValue("build_property.ModelGenInstructionSets", out string? sets);
        provider.GlobalOptions.TryGetValue("build_property.ModelGenUnrollBudget", out string? budget);
        return Parse(fault, sets, budget);
    }

    public static GeneratorOptions Parse(string? fault, string? instructionSets, string? unrollBudget)
    {
        var chosen = new SortedSet<InstructionSet> { InstructionSet.Scalar };
        var unknown = new List<string>();
        string text = string.IsNullOrWhiteSpace(instructionSets) ? "all" : instructionSets!;
        foreach (string token in text.Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            InstructionSet[]? named = token.Trim().ToLowerInvariant() switch
            {
                "all" => [InstructionSet.Avx512, InstructionSet.Avx2, InstructionSet.AdvSimd],
                "x64" => [InstructionSet.Avx512, InstructionSet.Avx2],
                "arm64" or "neon" or "advsimd" => [InstructionSet.AdvSimd],
                "avx512" => [InstructionSet.Avx512],
                "avx2" => [InstructionSet.Avx2],
                "scalar" or "none" => [],
                _ => null,
            };
            if (named is null)
            {
                unknown.Add(token.Trim());
                continue;
            }

            chosen.UnionWith(named);
        }

        int budget = DefaultUnrollBudget;
        string? invalidBudget = null;
        if (!string.IsNullOrWhiteSpace(unrollBudget))
        {
            if (int.TryParse(unrollBudget!.Trim().Replace("_", string.Empty), System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture, out int parsed) && parsed >= 0)
            {
                budget = parsed;
            }
            else
            {
                invalidBudget = unrollBudget.Trim();
            }
        }

        return new GeneratorOptions(
            string.IsNullOrWhiteSpace(fault) ? null : fault!.Trim(), chosen.ToEquatableArray(), unknown.ToEquatableArray(), budget, invalidBudget);
    }

    public void InjectFault(string stage)
    {
        if (string.Equals(FaultInjection, stage, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"fault injected in the {stage} stage by ModelGenFaultInjection");
        }
    }
}
