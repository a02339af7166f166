using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.InteropServices;

namespace ModelGen.Serialization;

/// <summary>float32 arrays as little-endian bytes, the layout of both weight files and safetensors.</summary>
internal static class LittleEndianFloats
{
    private const int ChunkFloats = 16 * 1024;

    /// <summary>Writes <paramref name="values"/> and returns <paramref name="crc"/> extended over the bytes written.</summary>
    public static uint Write(Stream stream, ReadOnlySpan<float> values, uint crc = 0)
    {
        byte[] chunk = new byte[Math.Min(values.Length, ChunkFloats) * sizeof(float)];
        while (!values.IsEmpty)
        {
            ReadOnlySpan<float> part = values[..Math.Min(values.Length, ChunkFloats)];
            Span<byte> bytes = chunk.AsSpan(0, part.Length * sizeof(float));
            if (BitConverter.IsLittleEndian)
            {
                MemoryMarshal.AsBytes(part).CopyTo(bytes);
            }
            else
            {
                for (int i = 0; i < part.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes[(i * sizeof(float))..], part[i]);
                }
            }

            crc = Crc32.Append(crc, bytes);
            stream.Write(bytes);
            values = values[part.Length..];
        }

        return crc;
    }

    /// <summary>Decodes <c>destination.Length</c> floats from the start of <paramref name="bytes"/>.</summary>
    public static void Read(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(bytes[..(destination.Length * sizeof(float))]).CopyTo(destination);
            return;
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }
    }
}
