using System;
using System.Collections.Generic;
using System.IO;

namespace ModelGen.Serialization;

/// <summary>
/// Reads and writes the safetensors format, so that weights move between ModelGen and PyTorch (or anything else that
/// reads it). Tensors carry the names <c>nn.Sequential</c> gives a model's parameters (<c>0.weight</c>,
/// <c>0.bias</c>, <c>3.weight</c>, ...; see <see cref="ModelDescription.Tensors"/>) and PyTorch's shapes.
/// </summary>
/// <remarks>
/// <para>A PyTorch model that holds its <c>nn.Sequential</c> as an attribute, as in
/// <c>self.features = nn.Sequential(...)</c>, names its parameters <c>features.0.weight</c> and so on: pass
/// <c>namePrefix: "features."</c> to read or write those names.</para>
/// <para>Files are written as float32 (<c>F32</c>) with the metadata <c>format: pt</c>. Reading accepts F32, and
/// converts F16, BF16 and F64 to float32. safetensors has no checksum: a damaged tensor value cannot be detected,
/// but a damaged header, a truncated file, and any tensor whose name, shape or dtype does not fit the model can.</para>
/// </remarks>
public static class SafeTensors
{
    /// <summary>Writes the parameters of the model described by <paramref name="description"/> as safetensors.</summary>
    /// <param name="stream">Where to write; left open.</param>
    /// <param name="description">The model's <c>Description</c>.</param>
    /// <param name="parameters">All parameters, as <c>ExportParameters</c> gives them.</param>
    /// <param name="metadata">Extra <c>__metadata__</c> entries (the format allows only text); <c>format: pt</c> is added unless given.</param>
    /// <param name="namePrefix">Put before every tensor name, for example <c>"features."</c>.</param>
    /// <exception cref="ArgumentException">The parameters do not fit the description, or the metadata holds null.</exception>
    public static void Write(
        Stream stream, ModelDescription description, ReadOnlySpan<float> parameters, IReadOnlyDictionary<string, string>? metadata = null, string namePrefix = "") =>
        SafeTensorsWriter.Write(stream, description, parameters, metadata, namePrefix);

    /// <summary>
    /// Reads a safetensors file holding exactly the tensors of the model described by <paramref name="description"/>
    /// and returns its parameters in <c>ImportParameters</c> order. The stream is left after the last tensor's data.
    /// </summary>
    /// <param name="stream">Where to read.</param>
    /// <param name="description">The model's <c>Description</c>.</param>
    /// <param name="namePrefix">What the file puts before every tensor name, for example <c>"features."</c>.</param>
    /// <exception cref="InvalidDataException">
    /// The data is not valid safetensors, is truncated, or its tensors are not the model's: a tensor missing,
    /// unexpected, of another shape or of a dtype that is not floating point. The message lists each one, with the
    /// expected and the found name, shape and dtype.
    /// </exception>
    public static float[] Read(Stream stream, ModelDescription description, string namePrefix = "") =>
        SafeTensorsReader.Read(stream, description, namePrefix, out _);

    /// <summary>As <see cref="Read(Stream, ModelDescription, string)"/>, and also returns the file's <c>__metadata__</c> (empty if none).</summary>
    /// <param name="stream">Where to read.</param>
    /// <param name="description">The model's <c>Description</c>.</param>
    /// <param name="metadata">The file's metadata.</param>
    /// <param name="namePrefix">What the file puts before every tensor name.</param>
    /// <exception cref="InvalidDataException">As for <see cref="Read(Stream, ModelDescription, string)"/>.</exception>
    public static float[] Read(Stream stream, ModelDescription description, out IReadOnlyDictionary<string, string> metadata, string namePrefix = "") =>
        SafeTensorsReader.Read(stream, description, namePrefix, out metadata);

    /// <summary>
    /// Writes a safetensors file to <paramref name="path"/> atomically: into a temporary file in the same directory,
    /// flushed to disk, which then replaces <paramref name="path"/>. If anything fails, the previous file is left as it was.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="description">The model's <c>Description</c>.</param>
    /// <param name="parameters">All parameters, as <c>ExportParameters</c> gives them.</param>
    /// <param name="metadata">Extra <c>__metadata__</c> entries.</param>
    /// <param name="namePrefix">Put before every tensor name.</param>
    public static void Save(
        string path, ModelDescription description, ReadOnlySpan<float> parameters, IReadOnlyDictionary<string, string>? metadata = null, string namePrefix = "")
    {
        using var file = new AtomicFileWriter(path);
        Write(file.Stream, description, parameters, metadata, namePrefix);
        file.Commit();
    }

    /// <summary>Reads the safetensors file at <paramref name="path"/>, as <see cref="Read(Stream, ModelDescription, string)"/>, and also refuses bytes after the last tensor.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="description">The model's <c>Description</c>.</param>
    /// <param name="namePrefix">What the file puts before every tensor name.</param>
    /// <exception cref="InvalidDataException">As for <see cref="Read(Stream, ModelDescription, string)"/>.</exception>
    public static float[] Load(string path, ModelDescription description, string namePrefix = "")
    {
        using FileStream file = StreamBlocks.OpenFile(path);
        float[] parameters = Read(file, description, namePrefix);
        if (file.Position != file.Length)
        {
            throw SafeTensorsHeader.Invalid($"'{path}' goes on for {file.Length - file.Position} bytes after the last tensor's data");
        }

        return parameters;
    }
}
