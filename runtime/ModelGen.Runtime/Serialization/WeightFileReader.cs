using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;

namespace ModelGen.Serialization;

/// <summary>
/// Reads a weight file in the order that gives the truest error: what kind of file it is, whether it is complete,
/// whether its bytes are intact, whether this version can read it, and only then what it holds.
/// </summary>
internal static class WeightFileReader
{
    public static WeightFileContents Read(Stream stream, ModelDescription expected)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(expected);
        var prefix = new byte[WeightFileFormat.PrefixLength];
        int got = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        CheckMagic(prefix, got);
        if (got < prefix.Length)
        {
            throw Truncated($"the data ends after {got} bytes, inside the {prefix.Length}-byte file header");
        }

        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(prefix.AsSpan(8));
        if (length < WeightFileFormat.MinimumLength || length > (ulong)Array.MaxLength)
        {
            throw new WeightFileException(
                WeightFileProblem.Corrupted, $"The weight file is corrupted: its header declares a length of {length} bytes, which no weight file has.");
        }

        byte[] rest = StreamBlocks.Read(stream, (long)length - prefix.Length, available => Truncated(
            $"its header declares {length} bytes but the data ends after {prefix.Length + available}"));
        ReadOnlySpan<byte> fields = rest.AsSpan(0, rest.Length - WeightFileFormat.ChecksumLength);
        CheckChecksum(prefix, fields, rest.AsSpan(fields.Length));
        CheckVersion(BinaryPrimitives.ReadUInt32LittleEndian(prefix.AsSpan(4)));
        return ReadFields(new WeightFileCursor(fields, prefix.Length), expected);
    }

    internal static WeightFileException Malformed(string detail) =>
        new(WeightFileProblem.Malformed, $"The weight file is malformed although its checksum is right: {detail}. It was not written by ModelGen.");

    private static WeightFileException Truncated(string detail) =>
        new(WeightFileProblem.Truncated, $"The weight file is truncated: {detail}. It is an incomplete copy or its write was interrupted.");

    private static void CheckMagic(byte[] prefix, int got)
    {
        ReadOnlySpan<byte> magic = WeightFileFormat.Magic;
        int compared = Math.Min(got, magic.Length);
        if (got == 0)
        {
            throw Truncated("the data is empty");
        }

        if (prefix.AsSpan(0, compared).SequenceEqual(magic[..compared]))
        {
            return;
        }

        string hint = got > 8 && prefix[8] == (byte)'{' ? " It looks like a safetensors file: read it with SafeTensors." : "";
        throw new WeightFileException(
            WeightFileProblem.NotAWeightFile,
            $"This is not a ModelGen weight file: it starts with {Convert.ToHexString(prefix, 0, compared)}, not {Convert.ToHexString(magic)} (\"MGWF\").{hint}");
    }

    private static void CheckChecksum(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> fields, ReadOnlySpan<byte> checksum)
    {
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(checksum);
        uint computed = Crc32.Append(Crc32.Compute(prefix), fields);
        if (stored != computed)
        {
            throw new WeightFileException(
                WeightFileProblem.Corrupted,
                $"The weight file is corrupted: its CRC-32 is 0x{computed:X8} but the file records 0x{stored:X8}. Some bytes changed after it was written.");
        }
    }

    private static void CheckVersion(uint version)
    {
        if (version > WeightFileFormat.CurrentVersion)
        {
            throw new WeightFileException(
                WeightFileProblem.NewerVersion,
                $"The weight file has format version {version}; this ModelGen reads versions up to {WeightFileFormat.CurrentVersion}. Update ModelGen to load it.");
        }

        if (version == 0)
        {
            throw Malformed("its format version is 0");
        }
    }

    private static WeightFileContents ReadFields(WeightFileCursor cursor, ModelDescription expected)
    {
        string modelName = cursor.ReadString("model name");
        string signature = cursor.ReadString("signature");
        if (signature != expected.Signature)
        {
            throw new WeightFileException(WeightFileProblem.OtherArchitecture, SignatureDifference.Describe(signature, modelName, expected));
        }

        uint parameterCount = cursor.ReadUInt32("parameter count");
        if (parameterCount != expected.ParameterCount)
        {
            throw new WeightFileException(
                WeightFileProblem.OtherArchitecture,
                $"The weight file holds {parameterCount} parameters; {expected.Name}, whose signature it shares, has {expected.ParameterCount}.");
        }

        (Optimizer? optimizer, long stepCount, int bufferCount) = ReadOptimizer(ref cursor);
        IReadOnlyDictionary<string, string> metadata = ReadMetadata(ref cursor);
        while (cursor.Position % WeightFileFormat.DataAlignment != 0)
        {
            if (cursor.ReadByte("padding") != 0)
            {
                throw Malformed($"the padding byte at {cursor.Position - 1} is not 0");
            }
        }

        int count = expected.ParameterCount;
        long dataBytes = (long)count * sizeof(float) * (1 + Math.Max(bufferCount, 0));
        if (dataBytes != cursor.Remaining)
        {
            throw Malformed($"{count} parameters and {Math.Max(bufferCount, 0)} optimizer buffers take {dataBytes} bytes, but {cursor.Remaining} follow the header");
        }

        var parameters = new float[count];
        LittleEndianFloats.Read(cursor.Take(count * sizeof(float), "parameters"), parameters);
        OptimizerState? state = null;
        if (bufferCount >= 0)
        {
            state = new OptimizerState(count, bufferCount) { StepCount = stepCount };
            foreach (float[] buffer in state.Buffers)
            {
                LittleEndianFloats.Read(cursor.Take(count * sizeof(float), "optimizer buffer"), buffer);
            }
        }

        return new WeightFileContents(modelName, parameters, optimizer is null ? null : new SavedOptimizer(optimizer, state), metadata);
    }

    /// <returns>The optimizer or null; its step count; its buffer count, or -1 when the file has no optimizer state.</returns>
    private static (Optimizer? Optimizer, long StepCount, int BufferCount) ReadOptimizer(ref WeightFileCursor cursor)
    {
        if (!cursor.ReadFlag("optimizer"))
        {
            return (null, 0, -1);
        }

        string kind = cursor.ReadString("optimizer kind");
        uint settingCount = cursor.ReadUInt32("optimizer setting count");
        var settings = new Dictionary<string, float>(StringComparer.Ordinal);
        for (uint i = 0; i < settingCount; i++)
        {
            string name = cursor.ReadString("optimizer setting name");
            if (!settings.TryAdd(name, cursor.ReadSingle("optimizer setting")))
            {
                throw Malformed($"the optimizer setting '{name}' appears twice");
            }
        }

        Optimizer optimizer;
        try
        {
            optimizer = OptimizerSettings.Create(kind, settings);
        }
        catch (ArgumentException exception)
        {
            throw Malformed($"the optimizer cannot be rebuilt: {exception.Message}");
        }

        if (!cursor.ReadFlag("optimizer state"))
        {
            return (optimizer, 0, -1);
        }

        long stepCount = cursor.ReadInt64("optimizer step count");
        uint bufferCount = cursor.ReadUInt32("optimizer buffer count");
        int expectedBuffers = optimizer.CreateState(0).Buffers.Length;
        if (stepCount < 0 || bufferCount != expectedBuffers)
        {
            throw Malformed($"the {kind} state has step count {stepCount} and {bufferCount} buffers; it needs a step count >= 0 and {expectedBuffers} buffers");
        }

        return (optimizer, stepCount, expectedBuffers);
    }

    private static IReadOnlyDictionary<string, string> ReadMetadata(ref WeightFileCursor cursor)
    {
        uint count = cursor.ReadUInt32("metadata count");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        for (uint i = 0; i < count; i++)
        {
            string key = cursor.ReadString("metadata key");
            if (!metadata.TryAdd(key, cursor.ReadString("metadata value")))
            {
                throw Malformed($"the metadata key '{key}' appears twice");
            }
        }

        return metadata;
    }
}
