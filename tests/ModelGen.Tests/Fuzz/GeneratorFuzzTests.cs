using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using ModelGen.Tests.Harness;
using Xunit;

namespace ModelGen.Tests.Fuzz;

/// <summary>
/// Feeds random declarations, valid and hostile (see <see cref="HostileDeclarations"/>), through the generator
/// driver, 25 to a compilation. For every declaration: no exception escapes, no internal error (MG9999), and either
/// generated code that compiles without errors of its own, or a diagnostic (the generator's, or the compiler's on
/// the user's code). Huge models must end in a diagnostic or a small file, quickly.
/// </summary>
[Collection(Name)]
public sealed class GeneratorFuzzTests(ITestOutputHelper output)
{
    public const string Name = "Generator fuzzing";

    private const int Seed = 20261207;
    private const int RandomCount = 1000;
    private const int BatchSize = 25;
    private const int MaxGeneratedChars = 2_000_000;

    // Which SIMD paths the generator writes, batch by batch, including an unknown name (MG0018). Every other batch is
    // scalar only: unrolled SIMD kernels are most of the code to compile, and the kernel tests cover them closely.
    private static readonly string?[] InstructionSetOptions = [null, "scalar", "avx2", "scalar", "arm64", "scalar", "avx512;sse9", "scalar", "x64", "scalar"];

    [Fact]
    public void Random_declarations_never_crash_the_generator_and_yield_compilable_code_or_diagnostics()
    {
        var random = new Random(Seed);
        var declarations = HostileDeclarations.Huge.Select((text, i) => HostileDeclarations.HugeCase(i, text)).ToList();
        int first = declarations.Count;
        declarations.AddRange(Enumerable.Range(first, RandomCount).Select(i => HostileDeclarations.Next(random, i)));

        var watch = Stopwatch.StartNew();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var failures = new List<string>();
        var tally = new Tally();
        for (int start = 0, batch = 0; start < declarations.Count; start += BatchSize, batch++)
        {
            string? sets = InstructionSetOptions[batch % InstructionSetOptions.Length];
            failures.AddRange(CheckBatch(declarations.Skip(start).Take(BatchSize).ToList(), sets, tally));
        }

        TimeSpan elapsed = watch.Elapsed;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine($"{declarations.Count} declarations in {elapsed.TotalSeconds:F1} s ({cpu.TotalSeconds:F1} s of CPU): {tally}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {declarations.Count} declarations failed (seed {Seed}):\n\n" + string.Join("\n\n", failures.Take(15)));

        // The run must have reached every outcome, or the fuzzer has stopped exploring.
        Assert.True(tally.Generated >= 100, $"only {tally.Generated} declarations generated code");
        Assert.True(tally.GeneratorDiagnosticOnly >= 100, $"only {tally.GeneratorDiagnosticOnly} declarations were answered by a ModelGen diagnostic alone");
        Assert.True(tally.CompilerErrors >= 100, $"only {tally.CompilerErrors} declarations had compiler errors of their own");
        Assert.True(tally.DiagnosticIds.Count >= 15, "diagnostics reached: " + string.Join(", ", tally.DiagnosticIds.Order()));
        // CPU time of this process, which runs the fuzzer alone (see FuzzCollection): other load on the machine
        // stretches the wall-clock time, not this. About 15 s on the 2-core build machine.
        Assert.True(cpu < TimeSpan.FromSeconds(60), $"the fuzz run took {cpu.TotalSeconds:F0} s of CPU ({elapsed.TotalSeconds:F0} s)");
    }

    [Fact]
    public void Huge_models_end_in_a_diagnostic_or_a_small_file_quickly()
    {
        var declarations = HostileDeclarations.Huge.Select((text, i) => HostileDeclarations.HugeCase(i, text)).ToList();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var tally = new Tally();
        var failures = CheckBatch(declarations, instructionSets: null, tally);
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        foreach (var (index, outcome) in tally.Outcomes)
        {
            output.WriteLine($"{HostileDeclarations.Huge[index]}\n    {outcome}");
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.True(cpu < TimeSpan.FromSeconds(30), $"huge models took {cpu.TotalSeconds:F0} s of CPU");
        Assert.True(tally.LargestFile < MaxGeneratedChars, $"largest generated file: {tally.LargestFile:N0} chars");
    }

    /// <summary>Runs one batch and returns one failure message per declaration at fault, naming it.</summary>
    private static List<string> CheckBatch(IReadOnlyList<FuzzDeclaration> batch, string? instructionSets, Tally tally)
    {
        var source = new StringBuilder(HostileDeclarations.Preamble);
        var spans = new List<TextSpan>();
        foreach (FuzzDeclaration declaration in batch)
        {
            int start = source.Length;
            source.Append(declaration.Text).Append('\n');
            spans.Add(TextSpan.FromBounds(start, source.Length));
        }

        var properties = instructionSets is null ? null : new Dictionary<string, string> { ["ModelGenInstructionSets"] = instructionSets };
        CSharpCompilation input = GeneratorHarness.CreateCompilation(source.ToString());

        GeneratorDriverRunResult result;
        Compilation compiled;
        var clock = Stopwatch.StartNew();
        try
        {
            result = GeneratorHarness.CreateDriver(properties).RunGeneratorsAndUpdateCompilation(input, out compiled, out _).GetRunResult();
        }
        catch (Exception exception)
        {
            return Isolate(batch, instructionSets, $"the driver threw {exception.GetType().Name}: {exception.Message}");
        }

        tally.DriverTime += clock.Elapsed;
        if (result.Results[0].Exception is { } thrown)
        {
            return Isolate(batch, instructionSets, $"the generator threw {thrown.GetType().Name}: {thrown.Message}");
        }

        // Problems per declaration (index -1: none could be named), and which declaration a location or file belongs to.
        var problems = new SortedDictionary<int, List<string>>();
        void Fail(int? index, string problem)
        {
            int key = index ?? -1;
            if (!problems.TryGetValue(key, out var list))
            {
                problems[key] = list = [];
            }

            list.Add(problem);
        }

        int? Owner(Location location) =>
            location.GetLineSpan().Path == GeneratorHarness.FilePath && spans.FindIndex(s => s.Contains(location.SourceSpan.Start)) is int i and >= 0
                ? i
                : null;
        int? OwnerOfFile(string path)
        {
            string file = Path.GetFileName(path);
            int i = batch.ToList().FindIndex(d => file.StartsWith(d.Key + ".", StringComparison.Ordinal));
            return i >= 0 ? i : null;
        }

        // An internal error from the emit stage has no location, only the model's name.
        int? OwnerByName(string message)
        {
            var named = Enumerable.Range(0, batch.Count).Where(i => message.Contains($"'{batch[i].TypeName}'", StringComparison.Ordinal)).ToList();
            return named.Count == 1 ? named[0] : null;
        }

        var generatedBy = new Dictionary<int, int>();
        bool overBudget = false;
        foreach (SyntaxTree tree in result.GeneratedTrees)
        {
            int? owner = OwnerOfFile(tree.FilePath);
            if (owner is not null)
            {
                generatedBy[owner.Value] = tree.Length;
            }
            else
            {
                Fail(null, $"generated file {Path.GetFileName(tree.FilePath)} belongs to no declaration of the batch");
            }

            tally.LargestFile = Math.Max(tally.LargestFile, tree.Length);
            if (tree.Length >= MaxGeneratedChars)
            {
                overBudget = true;
                Fail(owner, $"generated file {Path.GetFileName(tree.FilePath)} has {tree.Length:N0} chars, above the {MaxGeneratedChars:N0} budget");
            }
        }

        var diagnosed = new Dictionary<int, List<string>>();
        foreach (Diagnostic diagnostic in result.Diagnostics)
        {
            tally.DiagnosticIds.Add(diagnostic.Id);
            int? owner = Owner(diagnostic.Location) ?? OwnerByName(diagnostic.GetMessage());
            if (diagnostic.Id == "MG9999" || !diagnostic.Id.StartsWith("MG", StringComparison.Ordinal))
            {
                Fail(owner, $"internal error: {diagnostic}");
            }
            else if (owner is int at)
            {
                diagnosed[at] = diagnosed.TryGetValue(at, out var ids) ? [.. ids, diagnostic.Id] : [diagnostic.Id];
            }
            else
            {
                Fail(null, $"diagnostic located in no declaration: {diagnostic}");
            }
        }

        // Errors the user's code has on its own, without the generator; the generated code must add none. Compiling a
        // file past the budget could take minutes, so a batch with one stops at its size.
        clock.Restart();
        var baseline = input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        tally.BaselineTime += clock.Elapsed;
        var baselineKeys = baseline.Select(d => (d.Id, d.Location.SourceSpan)).ToHashSet();
        var ownErrors = baseline.Select(d => Owner(d.Location)).OfType<int>().ToHashSet();
        if (!overBudget)
        {
            clock.Restart();
            var errors = compiled.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            tally.CompileTime += clock.Elapsed;
            foreach (Diagnostic error in errors)
            {
                if (error.Location.IsInSource && error.Location.SourceTree!.FilePath != GeneratorHarness.FilePath)
                {
                    string line = error.Location.SourceTree.GetText().Lines.GetLineFromPosition(error.Location.SourceSpan.Start).ToString().Trim();
                    Fail(OwnerOfFile(error.Location.SourceTree.FilePath), $"error in the generated code: {error}\n    at: {line}");
                }
                else if (!baselineKeys.Contains((error.Id, error.Location.SourceSpan)))
                {
                    Fail(Owner(error.Location), $"the generated code adds an error to the user's code: {error}");
                }
            }
        }

        for (int i = 0; i < batch.Count; i++)
        {
            tally.Outcomes.Add((batch[i].Index, string.Join("; ",
                (generatedBy.TryGetValue(i, out int length) ? [$"{length:N0} chars generated"] : Array.Empty<string>())
                .Concat(diagnosed.TryGetValue(i, out var found) ? found : [])
                .Concat(ownErrors.Contains(i) ? ["compiler errors"] : []))));
            if (generatedBy.ContainsKey(i))
            {
                tally.Generated++;
            }
            else if (ownErrors.Contains(i))
            {
                tally.CompilerErrors++;
            }
            else if (diagnosed.ContainsKey(i))
            {
                tally.GeneratorDiagnosticOnly++;
            }
            else
            {
                Fail(i, "neither generated code nor a diagnostic");
            }
        }

        return problems
            .Select(p => (p.Key >= 0 ? $"{batch[p.Key]}\n" : "(no declaration named)\n") +
                $"  instruction sets: {instructionSets ?? "default"}\n  " +
                string.Join("\n  ", p.Value.Take(3)) + (p.Value.Count > 3 ? $"\n  ... and {p.Value.Count - 3} more" : ""))
            .ToList();
    }

    /// <summary>After a batch-wide failure (an exception), runs its declarations one by one to name the ones at fault.</summary>
    private static List<string> Isolate(IReadOnlyList<FuzzDeclaration> batch, string? instructionSets, string problem)
    {
        if (batch.Count == 1)
        {
            return [$"{batch[0]}\n  instruction sets: {instructionSets ?? "default"}\n  {problem}"];
        }

        var failures = batch.SelectMany(declaration => CheckBatch([declaration], instructionSets, new Tally())).ToList();
        return failures.Count > 0 ? failures : [$"{problem}, but no declaration of the batch does so alone:\n" + string.Join("\n", batch)];
    }

    private sealed class Tally
    {
        public int Generated { get; set; }

        public int GeneratorDiagnosticOnly { get; set; }

        public int CompilerErrors { get; set; }

        public int LargestFile { get; set; }

        public HashSet<string> DiagnosticIds { get; } = [];

        public List<(int Index, string Outcome)> Outcomes { get; } = [];

        public TimeSpan DriverTime { get; set; }

        public TimeSpan BaselineTime { get; set; }

        public TimeSpan CompileTime { get; set; }

        public override string ToString() =>
            $"{Generated} generated, {GeneratorDiagnosticOnly} answered by ModelGen diagnostics, {CompilerErrors} with compiler errors of their own; " +
            $"largest file {LargestFile:N0} chars; diagnostics {string.Join(", ", DiagnosticIds.Order())}; " +
            $"time in the generator {DriverTime.TotalSeconds:F1} s, compiling the input alone {BaselineTime.TotalSeconds:F1} s, with generated code {CompileTime.TotalSeconds:F1} s";
    }
}

/// <summary>The generator fuzzer runs alone, after the parallel tests, so its time budget measures the generator.</summary>
[CollectionDefinition(GeneratorFuzzTests.Name, DisableParallelization = true)]
public sealed class FuzzCollection
{
}
