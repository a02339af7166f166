using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace ModelGen.Serialization;

/// <summary>Reads a safetensors file into a model's parameter array, after checking that its tensors are the model's.</summary>
internal static class SafeTensorsReader
{
    private const int MaxProblemsListed = 12;

    public static float[] Read(Stream stream, ModelDescription description, string namePrefix, out IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(namePrefix);
        var lengthBytes = new byte[8];
        int got = stream.ReadAtLeast(lengthBytes, lengthBytes.Length, throwOnEndOfStream: false);
        if (got < lengthBytes.Length)
        {
            throw Truncated($"it ends after {got} bytes, inside the 8-byte header length");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > SafeTensorsHeader.MaxLength)
        {
            throw SafeTensorsHeader.Invalid($"its header length is {headerLength} bytes, more than the {SafeTensorsHeader.MaxLength} the format allows");
        }

        byte[] headerBytes = StreamBlocks.Read(stream, (long)headerLength, available => Truncated(
            $"its header length is {headerLength} bytes but only {available} follow"));
        SafeTensorsHeader header = SafeTensorsHeader.Parse(headerBytes);
        Dictionary<string, SafeTensorsEntry> entries = Match(header, description, namePrefix);
        byte[] data = StreamBlocks.Read(stream, header.DataLength, available => Truncated(
            $"its tensors take {header.DataLength} bytes after the header but only {available} follow"));

        var parameters = new float[description.ParameterCount];
        foreach (TensorInfo tensor in description.Tensors)
        {
            SafeTensorsEntry entry = entries[namePrefix + tensor.Name];
            SafeTensorsDType.ConvertToFloat32(
                data.AsSpan((int)entry.Begin, (int)(entry.End - entry.Begin)), entry.DType, parameters.AsSpan(tensor.Offset, tensor.Length));
        }

        metadata = header.Metadata;
        return parameters;
    }

    private static InvalidDataException Truncated(string detail) => new($"The safetensors file is truncated: {detail}.");

    /// <summary>Checks names, shapes and dtypes against the model, listing every problem at once.</summary>
    private static Dictionary<string, SafeTensorsEntry> Match(SafeTensorsHeader header, ModelDescription description, string namePrefix)
    {
        var entries = header.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (TensorInfo tensor in description.Tensors)
        {
            string name = namePrefix + tensor.Name;
            string expected = $"F32 {SafeTensorsShape.Format(tensor.Shape)}";
            if (!entries.TryGetValue(name, out SafeTensorsEntry? entry))
            {
                problems.Add($"missing tensor '{name}': expected {expected}");
                continue;
            }

            if (!entry.Shape.SequenceEqual(tensor.Shape.Select(d => (long)d)))
            {
                problems.Add($"tensor '{name}' has shape {SafeTensorsShape.Format(entry.Shape)}: expected {SafeTensorsShape.Format(tensor.Shape)}");
            }

            if (!SafeTensorsDType.CanConvertToFloat32(entry.DType))
            {
                problems.Add($"tensor '{name}' has dtype {entry.DType}: expected F32 (F16, BF16 and F64 are converted)");
            }
        }

        var wanted = description.Tensors.Select(t => namePrefix + t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (SafeTensorsEntry entry in header.Entries.Where(e => !wanted.Contains(e.Name)))
        {
            problems.Add($"unexpected tensor '{entry.Name}' ({entry.DType} {SafeTensorsShape.Format(entry.Shape)}): {description.Name} has no such parameter");
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException(Explain(problems, header, description, namePrefix));
        }

        return entries;
    }

    private static string Explain(List<string> problems, SafeTensorsHeader header, ModelDescription description, string namePrefix)
    {
        var text = new StringBuilder($"The safetensors file does not fit {description.Name}");
        text.Append(namePrefix.Length > 0 ? $" (with name prefix '{namePrefix}'):\n" : ":\n");
        foreach (string problem in problems.Take(MaxProblemsListed))
        {
            text.Append("  ").Append(problem).Append('\n');
        }

        if (problems.Count > MaxProblemsListed)
        {
            text.Append($"  ... and {problems.Count - MaxProblemsListed} more\n");
        }

        if (PrefixThatFits(header, description, namePrefix) is { } prefix)
        {
            text.Append(prefix.Length > 0
                ? $"The file's names carry the prefix '{prefix}' (a Sequential held as an attribute): pass namePrefix \"{prefix}\".\n"
                : "The file's names carry no prefix: pass namePrefix \"\".\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>A prefix, other than the one given, under which every tensor the model needs is in the file.</summary>
    private static string? PrefixThatFits(SafeTensorsHeader header, ModelDescription description, string namePrefix)
    {
        if (description.Tensors.Count == 0)
        {
            return null;
        }

        var names = header.Entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        string first = description.Tensors[0].Name;
        return header.Entries
            .Where(e => e.Name.EndsWith(first, StringComparison.Ordinal))
            .Select(e => e.Name[..^first.Length])
            .FirstOrDefault(prefix => prefix != namePrefix && description.Tensors.All(t => names.Contains(prefix + t.Name)));
    }
}
