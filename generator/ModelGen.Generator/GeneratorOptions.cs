using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator;

/// <summary>
/// MSBuild properties read through <c>build_property.*</c>:
/// <c>ModelGenInstructionSets</c> (which SIMD paths to emit: Avx512, Avx2, AdvSimd, or x64, arm64, all; the scalar
/// path is always there), and <c>ModelGenFaultInjection</c>, which makes a stage throw so tests can prove that an
/// internal failure becomes diagnostic MG9999 instead of a crashed build.
/// </summary>
internal sealed record GeneratorOptions(string? FaultInjection, EquatableArray<InstructionSet> InstructionSets, EquatableArray<string> UnknownInstructionSets)
{
    public static GeneratorOptions Default { get; } = Parse(null, null);

    public static GeneratorOptions From(AnalyzerConfigOptionsProvider provider, System.Threading.CancellationToken _)
    {
        provider.GlobalOptions.TryGetValue("build_property.ModelGenFaultInjection", out string? fault);
        provider.GlobalOptions.TryGetValue("build_property.ModelGenInstructionSets", out string? sets);
        return Parse(fault, sets);
    }

    public static GeneratorOptions Parse(string? fault, string? instructionSets)
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

        return new GeneratorOptions(
            string.IsNullOrWhiteSpace(fault) ? null : fault!.Trim(), chosen.ToEquatableArray(), unknown.ToEquatableArray());
    }

    public void InjectFault(string stage)
    {
        if (string.Equals(FaultInjection, stage, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"fault injected in the {stage} stage by ModelGenFaultInjection");
        }
    }
}
