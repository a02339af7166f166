using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ModelGen.Data;

/// <summary>A multi-label CSV: a header <c>file,LABEL1,...</c>, then one row per image with 0 or 1 per label.</summary>
internal sealed class LabelsCsv
{
    private LabelsCsv(string[] labelNames, List<string> files, List<float> targets) =>
        (LabelNames, Files, Targets) = (labelNames, files, targets.ToArray());

    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>Full paths, in row order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>LabelNames.Count floats per row.</summary>
    public float[] Targets { get; }

    public static LabelsCsv Read(string csvPath)
    {
        if (!File.Exists(csvPath))
        {
            throw new FileNotFoundException($"The labels CSV '{csvPath}' does not exist.", csvPath);
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        string[] lines = File.ReadAllLines(csvPath);
        int headerLine = Array.FindIndex(lines, line => !string.IsNullOrWhiteSpace(line));
        if (headerLine < 0)
        {
            throw new InvalidDataException($"'{csvPath}' is empty; expected a header 'file,LABEL1,LABEL2,...' and one row per image.");
        }

        string[] header = Fields(lines[headerLine], csvPath, headerLine);
        string[] labelNames = header[1..];
        if (labelNames.Length == 0 || labelNames.Any(string.IsNullOrEmpty) || labelNames.Distinct(StringComparer.Ordinal).Count() != labelNames.Length)
        {
            throw new InvalidDataException(
                $"'{csvPath}' line {headerLine + 1}: the header '{lines[headerLine]}' must be 'file,LABEL1,LABEL2,...' with at least one label, each named once.");
        }

        var files = new List<string>();
        var targets = new List<float>();
        for (int i = headerLine + 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            string[] fields = Fields(lines[i], csvPath, i);
            if (fields.Length != header.Length)
            {
                throw new InvalidDataException(
                    $"'{csvPath}' line {i + 1} has {fields.Length} columns; expected {header.Length} (the file and {labelNames.Length} labels, as the header).");
            }

            files.Add(ImagePath(folder, fields[0], csvPath, i));
            for (int l = 0; l < labelNames.Length; l++)
            {
                targets.Add(fields[l + 1] switch
                {
                    "0" => 0,
                    "1" => 1,
                    string value => throw new InvalidDataException(
                        $"'{csvPath}' line {i + 1}, label '{labelNames[l]}': '{value}' is not 0 or 1."),
                });
            }
        }

        if (files.Count == 0)
        {
            throw new InvalidDataException($"'{csvPath}' has a header but no rows; expected one row per image.");
        }

        return new LabelsCsv(labelNames, files, targets);
    }

    private static string ImagePath(string folder, string name, string csvPath, int line)
    {
        if (name.Length == 0)
        {
            throw new InvalidDataException($"'{csvPath}' line {line + 1} has an empty file name.");
        }

        string path = Path.GetFullPath(Path.Combine(folder, name));
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"'{csvPath}' line {line + 1} names '{name}', which does not exist (looked for '{path}').");
        }

        return path;
    }

    private static string[] Fields(string line, string csvPath, int index)
    {
        if (line.Contains('"', StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"'{csvPath}' line {index + 1} holds a quote; quoted fields are not supported, so file and label names cannot contain commas or quotes.");
        }

        return line.Split(',', StringSplitOptions.TrimEntries);
    }
}
