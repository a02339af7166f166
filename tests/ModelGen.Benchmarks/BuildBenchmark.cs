using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace ModelGen.Benchmarks;

/// <summary>
/// Build cost of a model: generated source size and added build time. Writes three tiny class libraries into a
/// temporary directory, each referencing the runtime and the generator of this repository as a user's project does
/// (samples/Directory.Build.props): one without a model, one with the reference CNN, one with a ResNet-sized plain
/// stack. Each is built once (restore, referenced projects), then rebuilt after a one-line edit of its source, so
/// only its own compilation runs (-p:BuildProjectReferences=false): with the shared compiler server (what an IDE or a repeated `dotnet build` gets) and,
/// for the small projects, without it (a cold compiler, as on a CI agent's first build). The generator's own share
/// comes from the compiler's ReportAnalyzer timings. The added build time is the rebuild time minus the empty
/// project's.
/// </summary>
internal static partial class BuildBenchmark
{
    private const string ReferenceModel = """
        [Model(1, 28, 28, Task = ModelTask.MultiClass)]
        [Conv2D(8, 3, Padding = 1), ReLU, MaxPool2D(2)]
        [Conv2D(16, 3, Padding = 1), ReLU, MaxPool2D(2)]
        [Flatten, Dense(64), ReLU, Dense(10)]
        public partial class ReferenceCnn { }
        """;

    // ResNet-18's widths, strides and input without the residual connections (a plain stack): 3x224x224, a 7x7/2
    // stem, then 64, 128 and 256 channels at 56, 28 and 14 pixels, global average pooling and a 1000-way classifier.
    private const string ResNetModel = """
        [Model(3, 224, 224, Task = ModelTask.MultiClass)]
        [Conv2D(64, 7, Stride = 2, Padding = 3), ReLU, MaxPool2D(2)]
        [Conv2D(64, 3, Padding = 1), ReLU, Conv2D(64, 3, Padding = 1), ReLU]
        [Conv2D(128, 3, Stride = 2, Padding = 1), ReLU, Conv2D(128, 3, Padding = 1), ReLU]
        [Conv2D(256, 3, Stride = 2, Padding = 1), ReLU, Conv2D(256, 3, Padding = 1), ReLU]
        [GlobalAvgPool2D, Dense(1000)]
        public partial class ResNetStack { }
        """;

    private const double SizeGoal = 300 * 1024, TimeGoal = 10;

    public static int Run(int rebuilds)
    {
        string? root = FindRepositoryRoot();
        if (root is null)
        {
            Console.Error.WriteLine("ModelGen.sln not found above " + AppContext.BaseDirectory);
            return 1;
        }

        string directory = Path.Combine(Path.GetTempPath(), "modelgen-build-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        try
        {
            Console.WriteLine($"CPU: {Machine.CpuName()}, {Environment.ProcessorCount} cores; load average before: {Machine.LoadAverage()}; dotnet build -c Release; {rebuilds} rebuilds per project");
            Project empty = Measure(root, directory, "Empty", "public class Placeholder { }", rebuilds, cold: true);
            Project reference = Measure(root, directory, "ReferenceCnn", ReferenceModel, rebuilds, cold: true);
            Project resnet = Measure(root, directory, "ResNetStack", ResNetModel, 1, cold: false);

            Console.WriteLine();
            Console.WriteLine("| project | generated source | lines | assembly | first build s | rebuild s (warm compiler) | added s | generator s | rebuild s (cold compiler) | added s |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (Project p in new[] { empty, reference, resnet })
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {p.Name} | {Kilobytes(p.GeneratedBytes)} | {p.GeneratedLines:N0} | {Kilobytes(p.AssemblyBytes)} | {p.FirstBuild:0.0} | {p.Warm:0.0} | {(p == empty ? "-" : (p.Warm - empty.Warm).ToString("0.0", CultureInfo.InvariantCulture))} | {(p.Generator is double g ? g.ToString("0.00", CultureInfo.InvariantCulture) : "-")} | {(double.IsNaN(p.Cold) ? "-" : p.Cold.ToString("0.0", CultureInfo.InvariantCulture))} | {(p == empty || double.IsNaN(p.Cold) ? "-" : (p.Cold - empty.Cold).ToString("0.0", CultureInfo.InvariantCulture))} |"));
            }

            Console.WriteLine();
            Console.WriteLine("Generated source of the reference CNN by ModelGenInstructionSets (the scalar path is always there; these temporary projects declare <CompilerVisibleProperty Include=\"ModelGenInstructionSets\" />):");
            Console.WriteLine();
            Console.WriteLine("| ModelGenInstructionSets | generated source | lines |");
            Console.WriteLine("|---|---:|---:|");
            foreach (string sets in new[] { "all", "x64", "avx2", "arm64", "scalar" })
            {
                (long bytes, int lines) = GeneratedSize(root, directory, "ReferenceCnn", sets);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {sets} | {Kilobytes(bytes)} | {lines:N0} |"));
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Goal for the reference CNN: under 300 KB of source ({reference.GeneratedBytes / 1024.0:0.0} KB: {(reference.GeneratedBytes < SizeGoal ? "met" : "NOT met")}) and under 10 s added ({reference.Warm - empty.Warm:0.0} s warm, {reference.Cold - empty.Cold:0.0} s cold: {(reference.Cold - empty.Cold < TimeGoal ? "met" : "NOT met")})."));
            Console.WriteLine($"Load average after: {Machine.LoadAverage()}");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed record Project(string Name, long GeneratedBytes, int GeneratedLines, long AssemblyBytes, double FirstBuild, double Warm, double? Generator, double Cold);

    private static Project Measure(string root, string directory, string name, string declaration, int rebuilds, bool cold)
    {
        string project = WriteProject(root, directory, name, declaration);
        Console.WriteLine($"{name}: first build (restore, referenced projects)...");
        double first = Build(project, "", out _);
        var warm = new List<double>();
        var generator = new List<double>();
        for (int i = 0; i < rebuilds; i++)
        {
            Touch(project);
            warm.Add(Build(project, "--no-restore -p:BuildProjectReferences=false -p:ReportAnalyzer=true -v:d", out string log));
            if (GeneratorSeconds(log) is double g)
            {
                generator.Add(g);
            }
        }

        var coldTimes = new List<double>();
        for (int i = 0; cold && i < rebuilds; i++)
        {
            Touch(project);
            coldTimes.Add(Build(project, "--no-restore -p:BuildProjectReferences=false -p:UseSharedCompilation=false", out _));
        }

        (long bytes, int lines) = Generated(project);
        string assembly = Path.Combine(Path.GetDirectoryName(project)!, "bin", "Release", "net10.0", name + ".dll");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  first {first:0.0} s; rebuilds warm {string.Join(", ", warm.Select(t => t.ToString("0.0", CultureInfo.InvariantCulture)))} s; cold {string.Join(", ", coldTimes.Select(t => t.ToString("0.0", CultureInfo.InvariantCulture)))} s; generator {string.Join(", ", generator.Select(t => t.ToString("0.00", CultureInfo.InvariantCulture)))} s"));
        return new Project(name, bytes, lines, File.Exists(assembly) ? new FileInfo(assembly).Length : 0, first, Median(warm),
            generator.Count > 0 ? Median(generator) : null, coldTimes.Count > 0 ? Median(coldTimes) : double.NaN);
    }

    private static (long Bytes, int Lines) GeneratedSize(string root, string directory, string name, string sets)
    {
        string project = Path.Combine(directory, name, name + ".csproj");
        Touch(project);
        Build(project, $"--no-restore -p:BuildProjectReferences=false -p:ModelGenInstructionSets={sets}", out _);
        return Generated(project);
    }

    private static string WriteProject(string root, string directory, string name, string declaration)
    {
        string folder = Path.Combine(directory, name);
        Directory.CreateDirectory(folder);
        string runtime = Path.Combine(root, "runtime", "ModelGen.Runtime", "ModelGen.Runtime.csproj");
        string generator = Path.Combine(root, "generator", "ModelGen.Generator", "ModelGen.Generator.csproj");
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
              </PropertyGroup>
              <ItemGroup>
                <!-- Nothing in the repository passes this property to the generator yet; a package would, from its props. -->
                <CompilerVisibleProperty Include="ModelGenInstructionSets" />
              </ItemGroup>
              <ItemGroup>
                <ProjectReference Include="{runtime}" />
                <ProjectReference Include="{generator}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Model.cs"), "using ModelGen;\n\nnamespace BuildCost;\n\n" + declaration + "\n");
        return Path.Combine(folder, name + ".csproj");
    }

    // A new comment line: the project's compilation must run again; the referenced projects stay up to date.
    private static void Touch(string project) =>
        File.AppendAllText(Path.Combine(Path.GetDirectoryName(project)!, "Model.cs"), $"// edit {Stopwatch.GetTimestamp()}\n");

    private static double Build(string project, string arguments, out string log)
    {
        var start = new ProcessStartInfo("dotnet", $"build \"{project}\" -c Release -nologo {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start)!;
        System.Threading.Tasks.Task<string> error = process.StandardError.ReadToEndAsync();
        log = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        double seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build {project} failed:\n{string.Join('\n', log.Split('\n').Where(l => l.Contains("error", StringComparison.Ordinal)).Take(20))}\n{error.Result}");
        }

        return seconds;
    }

    private static double? GeneratorSeconds(string log)
    {
        Match match = GeneratorLine().Match(log);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"^\s*([0-9.]+)\s+\S+\s+ModelGen\.Generator\.ModelGenerator\s*$", RegexOptions.Multiline)]
    private static partial Regex GeneratorLine();

    private static (long Bytes, int Lines) Generated(string project)
    {
        string generated = Path.Combine(Path.GetDirectoryName(project)!, "obj", "Release", "net10.0", "generated");
        if (!Directory.Exists(generated))
        {
            return (0, 0);
        }

        long bytes = 0;
        int lines = 0;
        foreach (string file in Directory.EnumerateFiles(generated, "*.g.cs", SearchOption.AllDirectories)
            .Where(f => f.Contains("ModelGen.Generator", StringComparison.Ordinal)))
        {
            bytes += new FileInfo(file).Length;
            lines += File.ReadLines(file).Count();
        }

        return (bytes, lines);
    }

    private static string Kilobytes(long bytes) => bytes == 0 ? "0" :
        bytes >= 10 * 1024 * 1024 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MB") : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB");

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.OrderBy(v => v)];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string? FindRepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "ModelGen.sln")))
            {
                return d.FullName;
            }
        }

        return null;
    }
}
