using Microsoft.CodeAnalysis.Diagnostics;

namespace ModelGen.Generator;

/// <summary>
/// MSBuild properties read through <c>build_property.*</c>. <see cref="FaultInjection"/> makes a stage throw, so
/// tests can prove that an internal failure becomes diagnostic MG9999 instead of a crashed build.
/// </summary>
internal sealed record GeneratorOptions(string? FaultInjection)
{
    public static GeneratorOptions From(AnalyzerConfigOptionsProvider provider, System.Threading.CancellationToken _)
    {
        provider.GlobalOptions.TryGetValue("build_property.ModelGenFaultInjection", out string? fault);
        return new GeneratorOptions(string.IsNullOrWhiteSpace(fault) ? null : fault!.Trim());
    }

    public void InjectFault(string stage)
    {
        if (string.Equals(FaultInjection, stage, System.StringComparison.OrdinalIgnoreCase))
        {
            throw new System.InvalidOperationException($"fault injected in the {stage} stage by ModelGenFaultInjection");
        }
    }
}
