using System;
using System.Text;

namespace ModelGen.Serialization;

/// <summary>Explains how two architecture signatures differ: the first differing line, then both in full.</summary>
internal static class SignatureDifference
{
    public static string Describe(string fileSignature, string fileModelName, ModelDescription expected)
    {
        string[] fileLines = Lines(fileSignature);
        string[] modelLines = Lines(expected.Signature);
        int line = 0;
        while (line < fileLines.Length && line < modelLines.Length && fileLines[line] == modelLines[line])
        {
            line++;
        }

        var text = new StringBuilder();
        text.Append($"The weight file holds another architecture than {expected.Name} (it was saved from {fileModelName}).\n");
        text.Append($"First difference, line {line + 1} of the signature:\n");
        text.Append($"  file:  {(line < fileLines.Length ? fileLines[line] : "(no more layers)")}\n");
        text.Append($"  model: {(line < modelLines.Length ? modelLines[line] : "(no more layers)")}\n");
        text.Append("Signature in the file:\n");
        AppendIndented(text, fileLines);
        text.Append($"Signature of {expected.Name}:\n");
        AppendIndented(text, modelLines);
        return text.ToString().TrimEnd('\n');
    }

    private static string[] Lines(string signature) => signature.TrimEnd('\n').Split('\n');

    private static void AppendIndented(StringBuilder text, string[] lines)
    {
        foreach (string line in lines)
        {
            text.Append("  ").Append(line).Append('\n');
        }
    }
}
