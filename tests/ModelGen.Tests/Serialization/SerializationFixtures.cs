using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Serialization;
using ModelGen.Tests.Harness;

namespace ModelGen.Tests.Serialization;

/// <summary>Small weight files and the helpers that damage them.</summary>
internal static class SerializationFixtures
{
    public static float[] Parameters(ModelDescription description, int seed) =>
        Numbers.RandomNormal(new Random(seed), description.ParameterCount, scale: 0.1);

    /// <summary>A TinyBinary weight file with Adam state and metadata: small enough to damage at every byte.</summary>
    public static byte[] SmallWeightFile()
    {
        ModelDescription description = TinyBinary.Description;
        var optimizer = new Adam(0.01f);
        OptimizerState state = optimizer.CreateState(description.ParameterCount);
        state.Buffers[0][3] = 0.5f;
        state.StepCount = 7;
        var metadata = new Dictionary<string, string> { ["labels"] = "no,yes" };
        return WeightFileBytes(description, Parameters(description, 1), new SavedOptimizer(optimizer, state), metadata);
    }

    public static byte[] WeightFileBytes(
        ModelDescription description, float[] parameters, SavedOptimizer? optimizer = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var memory = new MemoryStream();
        WeightFile.Write(memory, description, parameters, optimizer, metadata);
        return memory.ToArray();
    }

    /// <summary>Recomputes the checksum after a deliberate change, so that the reader's later checks are reached.</summary>
    public static void FixChecksum(byte[] file) =>
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 4), Crc32.Compute(file.AsSpan(0, file.Length - 4)));

}

/// <summary>A fresh directory, deleted with everything in it on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "modelgen-tests-" + Guid.NewGuid().ToString("N"))).FullName;

    public string this[string fileName] => System.IO.Path.Combine(Path, fileName);

    /// <summary>The names of the files in the directory, sorted.</summary>
    public string[] FileNames() => Directory.GetFiles(Path).Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Passes writes through until a byte budget is spent, then fails as a full disk or a pulled cable would.</summary>
internal sealed class FailingStream(Stream inner, long failAfter) : Stream
{
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        int allowed = (int)Math.Min(buffer.Length, failAfter - _written);
        inner.Write(buffer[..allowed]);
        _written += allowed;
        if (allowed < buffer.Length)
        {
            throw new IOException($"Simulated failure after {_written} bytes.");
        }
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
