using System;
using System.IO;
using System.Linq;
using ModelGen.Data;
using Xunit;

namespace ModelGen.Tests.Data;

/// <summary>
/// Every truncation and many bit flips of valid IDX and NPY files: a reader either returns or throws an
/// <see cref="InvalidDataException"/> that names the file; nothing else escapes (no IndexOutOfRange, OutOfMemory, Overflow).
/// </summary>
public sealed class MalformedFileFuzzTests
{
    [Fact]
    public void Raw_idx_images() => Fuzz(IdxFiles.Images(3, 4, 5), path => IdxFile.ReadImages(path, out _, out _, out _), everyTruncationFails: true);

    [Fact]
    public void Gzip_idx_images() => Fuzz(IdxFiles.Gzip(IdxFiles.Images(3, 4, 5)), path => IdxFile.ReadImages(path, out _, out _, out _), everyTruncationFails: false);

    [Fact]
    public void Raw_idx_labels() => Fuzz(IdxFiles.Labels(1, 2, 3, 4, 5, 6, 7, 8, 9), path => IdxFile.ReadLabels(path), everyTruncationFails: true);

    [Fact]
    public void Npy_float32() => Fuzz(NpyBytes(dir => NpyFile.Write(dir, Enumerable.Range(0, 24).Select(i => i * 0.5f).ToArray(), 2, 3, 4)), path => NpyFile.Read(path, out _), everyTruncationFails: true);

    [Fact]
    public void Npy_uint8() => Fuzz(NpyBytes(dir => NpyFile.Write(dir, new byte[] { 1, 2, 3, 4, 5, 6 }, 3, 2)), path => NpyFile.ReadBytes(path, out _), everyTruncationFails: true);

    [Fact]
    public void Npy_header_garbage() => Fuzz(NpyFileTests.Npy("{'descr': '>f4', 'fortran_order': False, 'shape': (2L, 1), }\n", new byte[8]), path => NpyFile.Read(path, out _), everyTruncationFails: true);

    private static void Fuzz(byte[] valid, Action<string> read, bool everyTruncationFails)
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("fuzzed");
        read(directory.Write("fuzzed", valid));

        for (int length = 0; length < valid.Length; length++)
        {
            bool failed = ReadsOrFailsCleanly(path, valid[..length], read);
            Assert.True(failed || !everyTruncationFails, $"The file truncated to {length} of {valid.Length} bytes was read without an error.");
        }

        // Every bit of the fixed prefix (magic, version, lengths, first dimensions), then bits anywhere.
        var random = new Random(7);
        for (int flip = 0; flip < (12 * 8) + 256; flip++)
        {
            int bit = flip < 12 * 8 ? flip : random.Next(valid.Length * 8);
            byte[] flipped = (byte[])valid.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            ReadsOrFailsCleanly(path, flipped, read);
        }

        for (int trial = 0; trial < 150; trial++)
        {
            byte[] corrupted = (byte[])valid.Clone();
            for (int n = random.Next(1, 6); n > 0; n--)
            {
                corrupted[random.Next(corrupted.Length)] = (byte)random.Next(256);
            }

            ReadsOrFailsCleanly(path, corrupted, read);
        }
    }

    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/> and reads it; true when the reader failed (cleanly).</summary>
    private static bool ReadsOrFailsCleanly(string path, byte[] contents, Action<string> read)
    {
        File.WriteAllBytes(path, contents);
        try
        {
            read(path);
            return false;
        }
        catch (InvalidDataException error)
        {
            Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
            return true;
        }
        catch (Exception other)
        {
            Assert.Fail($"Reading [{Convert.ToHexString(contents)}] threw {other.GetType().Name}: {other.Message}");
            return true;
        }
    }

    private static byte[] NpyBytes(Action<string> write)
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("valid.npy");
        write(path);
        return File.ReadAllBytes(path);
    }
}
