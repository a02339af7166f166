using System;
using System.Collections.Generic;
using System.IO;

namespace ModelGen.Serialization;

/// <summary>
/// ModelGen's own weight files: parameters plus what is needed to trust them (an architecture signature, a format
/// version, a CRC-32 checksum) and, optionally, the optimizer with its state and free-form metadata.
/// </summary>
/// <remarks>
/// <para>Layout (little-endian; a string is a uint32 byte count and UTF-8 bytes):</para>
/// <code>
/// magic "MGWF" | uint32 version (1) | uint64 file length, checksum included
/// string model name | string signature | uint32 parameter count P
/// uint8 optimizer? [string kind | uint32 n | n x (string name, float32 value) | uint8 state? [int64 steps | uint32 buffers B]]
/// uint32 m | m x (string key, string value)
/// zero padding to a multiple of 4 | P float32 parameters | B x P float32 optimizer buffers | uint32 CRC-32 of all bytes before it
/// </code>
/// <para>Every version keeps the magic, version and length at the start and the checksum at the end, so a reader
/// knows a file is complete and intact before it interprets the version.</para>
/// </remarks>
public static class WeightFile
{
    /// <summary>The format version this ModelGen writes, and the newest it reads.</summary>
    public static int FormatVersion => (int)WeightFileFormat.CurrentVersion;

    /// <summary>Writes a weight file for a model described by <paramref name="description"/> to <paramref name="stream"/>.</summary>
    /// <param name="stream">Where to write; left open.</param>
    /// <param name="description">The model's <c>Description</c>.</param>
    /// <param name="parameters">All parameters, as <c>ExportParameters</c> gives them.</param>
    /// <param name="optimizer">The optimizer and its state, to resume training later; <see langword="null"/> to save weights only.</param>
    /// <param name="metadata">Free-form key/value text (label names, a training summary); stored sorted by key.</param>
    /// <exception cref="ArgumentException">The parameters or the optimizer state do not fit the description, or the metadata holds null.</exception>
    public static void Write(
        Stream stream, ModelDescription description, ReadOnlySpan<float> parameters, SavedOptimizer? optimizer = null, IReadOnlyDictionary<string, string>? metadata = null) =>
        WeightFileWriter.Write(stream, description, parameters, optimizer, metadata);

    /// <summary>
    /// Reads a weight file from <paramref name="stream"/> and checks everything against <paramref name="expected"/>
    /// before returning; the stream is left just after the file's last byte.
    /// </summary>
    /// <exception cref="WeightFileException">
    /// The data is not a weight file, is truncated or corrupted, has a newer format version, or holds another architecture
    /// (the message shows both signatures and the first line where they differ). <see cref="WeightFileException.Problem"/> says which.
    /// </exception>
    public static WeightFileContents Read(Stream stream, ModelDescription expected) => WeightFileReader.Read(stream, expected);

    /// <summary>
    /// Writes a weight file to <paramref name="path"/> atomically: into a temporary file in the same directory, flushed
    /// to disk, which then replaces <paramref name="path"/>. If anything fails, the previous file is left as it was.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="description">The model's <c>Description</c>.</param>
    /// <param name="parameters">All parameters, as <c>ExportParameters</c> gives them.</param>
    /// <param name="optimizer">The optimizer and its state; <see langword="null"/> to save weights only.</param>
    /// <param name="metadata">Free-form key/value text, stored sorted by key.</param>
    public static void Save(
        string path, ModelDescription description, ReadOnlySpan<float> parameters, SavedOptimizer? optimizer = null, IReadOnlyDictionary<string, string>? metadata = null) =>
        Save(path, description, parameters, optimizer, metadata, wrap: null);

    /// <summary>Reads the weight file at <paramref name="path"/>, as <see cref="Read"/>, and also refuses bytes after its end.</summary>
    /// <exception cref="WeightFileException">As for <see cref="Read"/>.</exception>
    public static WeightFileContents Load(string path, ModelDescription expected)
    {
        using FileStream file = StreamBlocks.OpenFile(path);
        WeightFileContents contents = Read(file, expected);
        if (file.Position != file.Length)
        {
            throw new WeightFileException(
                WeightFileProblem.Corrupted, $"The weight file '{path}' is corrupted: {file.Length - file.Position} bytes follow its checksum.");
        }

        return contents;
    }

    /// <summary>As the public overload; <paramref name="wrap"/> lets tests interrupt the write.</summary>
    internal static void Save(
        string path, ModelDescription description, ReadOnlySpan<float> parameters, SavedOptimizer? optimizer, IReadOnlyDictionary<string, string>? metadata, Func<Stream, Stream>? wrap)
    {
        using var file = new AtomicFileWriter(path, wrap);
        Write(file.Stream, description, parameters, optimizer, metadata);
        file.Commit();
    }
}
