using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace ModelGen.Serialization;

/// <summary>Writes format version 1 (the layout is in <see cref="WeightFile"/>'s documentation).</summary>
internal static class WeightFileWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Write(
        Stream stream, ModelDescription description, ReadOnlySpan<float> parameters, SavedOptimizer? optimizer, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(description);
        if (parameters.Length != description.ParameterCount)
        {
            throw new ArgumentException($"{description.Name} has {description.ParameterCount} parameters, not {parameters.Length}.", nameof(parameters));
        }

        float[][] buffers = optimizer?.State?.Buffers ?? [];
        if (buffers.Length > 0 && buffers[0].Length != parameters.Length)
        {
            throw new ArgumentException(
                $"The optimizer state holds {buffers[0].Length} floats per buffer; {description.Name} has {parameters.Length} parameters.", nameof(optimizer));
        }

        byte[] header = EncodeHeader(description, optimizer, metadata, dataBytes: (long)parameters.Length * sizeof(float) * (1 + buffers.Length));
        uint crc = Crc32.Compute(header);
        stream.Write(header);
        crc = LittleEndianFloats.Write(stream, parameters, crc);
        foreach (float[] buffer in buffers)
        {
            crc = LittleEndianFloats.Write(stream, buffer, crc);
        }

        Span<byte> checksum = stackalloc byte[WeightFileFormat.ChecksumLength];
        BinaryPrimitives.WriteUInt32LittleEndian(checksum, crc);
        stream.Write(checksum);
    }

    /// <summary>Everything before the parameters, with the total length filled in and padding to align the floats.</summary>
    private static byte[] EncodeHeader(ModelDescription description, SavedOptimizer? optimizer, IReadOnlyDictionary<string, string>? metadata, long dataBytes)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, StrictUtf8, leaveOpen: true))
        {
            writer.Write(WeightFileFormat.Magic);
            writer.Write(WeightFileFormat.CurrentVersion);
            writer.Write(0UL); // the total length, filled in below
            WriteString(writer, description.Name);
            WriteString(writer, description.Signature);
            writer.Write((uint)description.ParameterCount);
            WriteOptimizer(writer, optimizer);
            WriteMetadata(writer, metadata);
            while (memory.Length % WeightFileFormat.DataAlignment != 0)
            {
                writer.Write((byte)0);
            }
        }

        long total = memory.Length + dataBytes + WeightFileFormat.ChecksumLength;
        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"The weight file would be {total} bytes; the format reads at most {Array.MaxLength}.");
        }

        byte[] header = memory.ToArray();
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(8), (ulong)total);
        return header;
    }

    private static void WriteOptimizer(BinaryWriter writer, SavedOptimizer? optimizer)
    {
        writer.Write(optimizer is null ? (byte)0 : (byte)1);
        if (optimizer is null)
        {
            return;
        }

        (string kind, KeyValuePair<string, float>[] settings) = OptimizerSettings.Describe(optimizer.Optimizer);
        WriteString(writer, kind);
        writer.Write((uint)settings.Length);
        foreach ((string name, float value) in settings)
        {
            WriteString(writer, name);
            writer.Write(value);
        }

        writer.Write(optimizer.State is null ? (byte)0 : (byte)1);
        if (optimizer.State is not null)
        {
            writer.Write(optimizer.State.StepCount);
            writer.Write((uint)optimizer.State.Buffers.Length);
        }
    }

    private static void WriteMetadata(BinaryWriter writer, IReadOnlyDictionary<string, string>? metadata)
    {
        var entries = (metadata ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        writer.Write((uint)entries.Count);
        foreach ((string key, string value) in entries)
        {
            if (key is null || value is null)
            {
                throw new ArgumentException("Metadata keys and values must not be null.", nameof(metadata));
            }

            WriteString(writer, key);
            WriteString(writer, value);
        }
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        byte[] bytes = StrictUtf8.GetBytes(text);
        writer.Write((uint)bytes.Length);
        writer.Write(bytes);
    }
}
