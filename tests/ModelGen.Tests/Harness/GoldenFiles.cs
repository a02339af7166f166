using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace ModelGen.Tests.Harness;

/// <summary>Committed PyTorch vectors in Golden/FOLDER/*.json, each declaring its model, compiled together.</summary>
internal static class GoldenFiles
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static (IReadOnlyList<T> Goldens, Assembly Assembly) LoadAndCompile<T>(string folder)
        where T : IGolden
    {
        var goldens = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Golden", folder), "*.json")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize<T>(File.ReadAllText(f), Options)!)
            .ToList();
        var source = new StringBuilder($"using ModelGen;\nnamespace Golden.{folder};\n");
        foreach (T golden in goldens)
        {
            source.Append(golden.Declaration).Append($"\npublic partial class {ClassName(golden.Name)} {{ }}\n");
        }

        return (goldens, GeneratorHarness.CompileAndLoad(source.ToString()));
    }

    public static T Create<T>(Assembly assembly, string folder, string name) =>
        (T)GeneratorHarness.Create(assembly, $"Golden.{folder}.{ClassName(name)}");

    private static string ClassName(string name) => string.Concat(name.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}

internal interface IGolden
{
    string Name { get; }

    string Declaration { get; }
}
