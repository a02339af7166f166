using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generator;

namespace ModelGen.Tests.Harness;

/// <summary>Runs the generator in memory over source text, and compiles and loads what it produces.</summary>
internal static class GeneratorHarness
{
    public const string FilePath = "Models.cs";

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(ModelAttribute).Assembly.Location)
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilation CreateCompilation(string source, string assemblyName = "GeneratedModels") =>
        CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source, ParseOptions, FilePath)],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>
    /// The build properties when a test gives none: under emulation (Arm64Tests), only the NEON and scalar paths, as
    /// an arm64 build would emit, since compiling the x64 kernels there takes minutes and they could not run.
    /// </summary>
    private static IReadOnlyDictionary<string, string> DefaultProperties =>
        Arm64Tests.IsEmulatedRun ? new Dictionary<string, string> { ["ModelGenInstructionSets"] = "arm64" } : new Dictionary<string, string>();

    public static GeneratorDriver CreateDriver(IReadOnlyDictionary<string, string>? buildProperties = null, bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new ModelGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            optionsProvider: new BuildProperties(buildProperties ?? DefaultProperties),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns its own diagnostics, the generated sources and the compiler's diagnostics on the result.</summary>
    public static GeneratorOutcome Run(string source, IReadOnlyDictionary<string, string>? buildProperties = null)
    {
        CSharpCompilation compilation = CreateCompilation(source);
        GeneratorDriver driver = CreateDriver(buildProperties).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        GeneratorDriverRunResult result = driver.GetRunResult();
        return new GeneratorOutcome(
            source,
            result.Diagnostics,
            result.GeneratedTrees.ToDictionary(t => Path.GetFileName(t.FilePath), t => t.ToString()),
            output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray(),
            output);
    }

    /// <summary>Generates, compiles and loads the models in <paramref name="source"/>; fails on any diagnostic of the generator or compiler error.</summary>
    /// <remarks>
    /// The source is bound once, by <c>Emit</c>, which reports every compiler error: a separate <c>GetDiagnostics</c>
    /// pass (as <see cref="Run"/> makes) would bind and analyse the megabytes of generated kernels a second time.
    /// </remarks>
    public static Assembly CompileAndLoad(string source, IReadOnlyDictionary<string, string>? buildProperties = null)
    {
        GeneratorDriver driver = CreateDriver(buildProperties).RunGeneratorsAndUpdateCompilation(CreateCompilation(source), out Compilation output, out _);
        var generatorDiagnostics = driver.GetRunResult().Diagnostics;
        if (generatorDiagnostics.Length > 0)
        {
            throw new InvalidOperationException("Generation failed:\n" + string.Join("\n", generatorDiagnostics.Take(20)));
        }

        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("Compilation failed:\n" + string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        }

        image.Position = 0;
        return new AssemblyLoadContext("generated-models", isCollectible: true).LoadFromStream(image);
    }

    public static IModel Create(Assembly assembly, string typeName, int seed = 0) =>
        (IModel)Activator.CreateInstance(assembly.GetType(typeName, throwOnError: true)!, seed)!;

    public static T Constant<T>(Assembly assembly, string typeName, string name) =>
        (T)assembly.GetType(typeName, throwOnError: true)!.GetField(name, BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;

    private sealed class BuildProperties(IReadOnlyDictionary<string, string> properties) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(properties);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(new Dictionary<string, string>());

        private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value)
            {
                bool found = values.TryGetValue(key.Replace("build_property.", string.Empty, StringComparison.Ordinal), out string? text);
                value = text ?? string.Empty;
                return found;
            }
        }
    }
}

internal sealed record GeneratorOutcome(
    string Source,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    IReadOnlyDictionary<string, string> GeneratedSources,
    ImmutableArray<Diagnostic> CompilerErrors,
    Compilation Compilation)
{
    /// <summary>The source text a diagnostic points at, so tests can say "on Conv2D(8, 30)".</summary>
    public string TextAt(Diagnostic diagnostic) => Source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
}
