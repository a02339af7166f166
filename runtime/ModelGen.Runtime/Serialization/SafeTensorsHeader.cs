using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace ModelGen.Serialization;

/// <summary>One tensor as a safetensors header lists it; offsets count from the first byte after the header.</summary>
internal sealed record SafeTensorsEntry(string Name, string DType, long[] Shape, long Begin, long End);

/// <summary>
/// A parsed and validated safetensors header: every tensor has a known dtype, and their data ranges tile the data
/// section from its first byte to its last without gaps or overlaps, as the reference implementation requires.
/// </summary>
internal sealed class SafeTensorsHeader
{
    /// <summary>The reference implementation's limit; a larger length means the file is something else or damaged.</summary>
    public const long MaxLength = 100_000_000;

    private const int MaxDimensions = 32;

    private SafeTensorsHeader(List<SafeTensorsEntry> entries, Dictionary<string, string> metadata, long dataLength)
    {
        Entries = entries;
        Metadata = metadata;
        DataLength = dataLength;
    }

    /// <summary>The tensors, in the order of their data.</summary>
    public IReadOnlyList<SafeTensorsEntry> Entries { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Bytes of tensor data after the header.</summary>
    public long DataLength { get; }

    public static InvalidDataException Invalid(string detail) => new($"This is not a valid safetensors file: {detail}.");

    /// <exception cref="InvalidDataException">The JSON is malformed or does not describe a valid data section.</exception>
    public static SafeTensorsHeader Parse(ReadOnlySpan<byte> json)
    {
        var entries = new List<SafeTensorsEntry>();
        Dictionary<string, string>? metadata = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Invalid("the header is not a JSON object");
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                string name = reader.GetString()!;
                reader.Read();
                if (!names.Add(name))
                {
                    throw Invalid($"the header lists '{name}' twice");
                }

                if (name == "__metadata__")
                {
                    metadata = ReadMetadata(ref reader);
                }
                else
                {
                    entries.Add(ReadEntry(ref reader, name));
                }
            }

            if (reader.Read())
            {
                throw Invalid("the header goes on after its closing brace");
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8, or a token of an unexpected type.
            throw Invalid($"the header is not valid JSON ({exception.Message})");
        }

        entries.Sort((a, b) => (a.Begin, a.End).CompareTo((b.Begin, b.End)));
        return new SafeTensorsHeader(entries, metadata ?? new Dictionary<string, string>(StringComparer.Ordinal), Validate(entries));
    }

    /// <returns>The length of the data section.</returns>
    private static long Validate(List<SafeTensorsEntry> entries)
    {
        long start = 0;
        foreach (SafeTensorsEntry entry in entries)
        {
            int size = SafeTensorsDType.Size(entry.DType);
            if (size == 0)
            {
                throw Invalid($"tensor '{entry.Name}' has the unknown dtype '{entry.DType}'");
            }

            if (entry.Begin != start || entry.End < entry.Begin)
            {
                throw Invalid($"tensor '{entry.Name}' has data_offsets [{entry.Begin}, {entry.End}] where [{start}, ...] was expected: the tensors' data leave a gap or overlap");
            }

            long bytes = size;
            foreach (long dimension in entry.Shape)
            {
                if (dimension != 0 && bytes > long.MaxValue / dimension)
                {
                    throw Invalid($"tensor '{entry.Name}' has a shape too large to address: {SafeTensorsShape.Format(entry.Shape)}");
                }

                bytes *= dimension;
            }

            if (entry.End - entry.Begin != bytes)
            {
                throw Invalid(
                    $"tensor '{entry.Name}' is {entry.DType} {SafeTensorsShape.Format(entry.Shape)}, {bytes} bytes, but its data_offsets span {entry.End - entry.Begin} bytes");
            }

            start = entry.End;
        }

        return start;
    }

    private static Dictionary<string, string> ReadMetadata(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid("__metadata__ is not an object");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                throw Invalid($"the metadata value of '{key}' is not a string");
            }

            if (!metadata.TryAdd(key, reader.GetString()!))
            {
                throw Invalid($"the metadata lists '{key}' twice");
            }
        }

        return metadata;
    }

    private static SafeTensorsEntry ReadEntry(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid($"the entry of tensor '{name}' is not an object");
        }

        string? dtype = null;
        long[]? shape = null, offsets = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string property = reader.GetString()!;
            reader.Read();
            switch (property)
            {
                case "dtype" when reader.TokenType == JsonTokenType.String:
                    dtype = reader.GetString();
                    break;
                case "dtype":
                    throw Invalid($"the dtype of tensor '{name}' is not a string");
                case "shape":
                    shape = ReadCounts(ref reader, name, property, MaxDimensions);
                    break;
                case "data_offsets":
                    offsets = ReadCounts(ref reader, name, property, 2);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (dtype is null || shape is null || offsets is null || offsets.Length != 2)
        {
            throw Invalid($"tensor '{name}' needs a dtype, a shape and two data_offsets");
        }

        return new SafeTensorsEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] ReadCounts(ref Utf8JsonReader reader, string name, string property, int maxCount)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Invalid($"the {property} of tensor '{name}' is not an array");
        }

        var values = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value) || value < 0 || values.Count == maxCount)
            {
                throw Invalid($"the {property} of tensor '{name}' must hold at most {maxCount} whole numbers >= 0");
            }

            values.Add(value);
        }

        return values.ToArray();
    }
}
