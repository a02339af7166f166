using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelGen.Serialization;

/// <summary>
/// Writes safetensors as the reference implementation (<c>safetensors.torch.save_file</c>) does: tensors sorted by
/// name, data in that order without gaps, compact JSON padded with spaces to a multiple of 8 bytes.
/// </summary>
internal static class SafeTensorsWriter
{
    // Non-ASCII names and metadata stay readable UTF-8, as the reference writes them; the header is never embedded in HTML.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Stream stream, ModelDescription description, ReadOnlySpan<float> parameters, IReadOnlyDictionary<string, string>? metadata, string namePrefix)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(namePrefix);
        if (parameters.Length != description.ParameterCount)
        {
            throw new ArgumentException($"{description.Name} has {description.ParameterCount} parameters, not {parameters.Length}.", nameof(parameters));
        }

        TensorInfo[] tensors = [.. description.Tensors.OrderBy(t => namePrefix + t.Name, StringComparer.Ordinal)];
        byte[] header = EncodeHeader(tensors, metadata, namePrefix);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (TensorInfo tensor in tensors)
        {
            LittleEndianFloats.Write(stream, parameters.Slice(tensor.Offset, tensor.Length));
        }
    }

    private static byte[] EncodeHeader(TensorInfo[] tensors, IReadOnlyDictionary<string, string>? metadata, string namePrefix)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach ((string key, string value) in WithFormat(metadata))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            long offset = 0;
            foreach (TensorInfo tensor in tensors)
            {
                json.WriteStartObject(namePrefix + tensor.Name);
                json.WriteString("dtype", SafeTensorsDType.Float32);
                json.WriteStartArray("shape");
                foreach (int dimension in tensor.Shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += (long)tensor.Length * sizeof(float);
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        // The reference pads so that the data starts 8-byte aligned.
        int padding = (8 - (buffer.WrittenCount % 8)) % 8;
        buffer.GetSpan(padding)[..padding].Fill((byte)' ');
        buffer.Advance(padding);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The caller's metadata sorted by key, with <c>format: pt</c> (PyTorch layout) unless it says otherwise.</summary>
    private static IEnumerable<KeyValuePair<string, string>> WithFormat(IReadOnlyDictionary<string, string>? metadata)
    {
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["format"] = "pt" };
        foreach ((string key, string value) in metadata ?? new Dictionary<string, string>())
        {
            all[key ?? throw new ArgumentException("Metadata keys must not be null.", nameof(metadata))] =
                value ?? throw new ArgumentException($"The metadata value of '{key}' is null.", nameof(metadata));
        }

        return all;
    }
}
