using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace ModelGen.Data;

/// <summary>
/// Reads and writes NPY files, numpy's format for one array (<c>numpy.save</c>, <c>numpy.load</c>): float32 and uint8,
/// C (row-major) order. Reads format versions 1.0, 2.0 and 3.0 and either byte order; writes version 1.0, little-endian,
/// byte for byte as numpy does. Every malformed or unsupported file gives an <see cref="InvalidDataException"/> that
/// names the file and what was expected.
/// </summary>
public static class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>
    /// Reads a float32 or uint8 array as floats (bytes keep their values 0 to 255, unscaled), in C order;
    /// <paramref name="shape"/> receives its dimensions (none for a scalar).
    /// </summary>
    public static float[] Read(string path, out int[] shape)
    {
        using FileStream file = Open(path);
        (NpyElement element, shape, long count) = ReadHeader(file, path);
        if (element == NpyElement.UInt8)
        {
            byte[] bytes = ReadData<byte>(file, path, count, shape, element);
            var values = new float[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                values[i] = bytes[i];
            }

            return values;
        }

        float[] floats = ReadData<float>(file, path, count, shape, element);
        if ((element == NpyElement.BigEndianFloat32) == BitConverter.IsLittleEndian)
        {
            Span<int> words = MemoryMarshal.Cast<float, int>(floats.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        return floats;
    }

    /// <summary>Reads a uint8 array as bytes, in C order; <paramref name="shape"/> receives its dimensions. Other types are rejected.</summary>
    public static byte[] ReadBytes(string path, out int[] shape)
    {
        using FileStream file = Open(path);
        (NpyElement element, shape, long count) = ReadHeader(file, path);
        if (element != NpyElement.UInt8)
        {
            throw new InvalidDataException($"'{path}' holds float32 values; expected uint8 ('|u1'). Use Read to get floats.");
        }

        return ReadData<byte>(file, path, count, shape, element);
    }

    /// <summary>Writes <paramref name="values"/> as a float32 array of <paramref name="shape"/> (C order), replacing any file at <paramref name="path"/>.</summary>
    public static void Write(string path, ReadOnlySpan<float> values, params ReadOnlySpan<int> shape)
    {
        using FileStream file = Create(path, values.Length, shape, "<f4");
        if (BitConverter.IsLittleEndian)
        {
            file.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        int[] words = MemoryMarshal.Cast<float, int>(values).ToArray();
        BinaryPrimitives.ReverseEndianness(words, words);
        file.Write(MemoryMarshal.AsBytes(words.AsSpan()));
    }

    /// <summary>Writes <paramref name="values"/> as a uint8 array of <paramref name="shape"/> (C order), replacing any file at <paramref name="path"/>.</summary>
    public static void Write(string path, ReadOnlySpan<byte> values, params ReadOnlySpan<int> shape)
    {
        using FileStream file = Create(path, values.Length, shape, "|u1");
        file.Write(values);
    }

    private static FileStream Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The NPY file '{path}' does not exist.", path);
        }

        return File.OpenRead(path);
    }

    private static FileStream Create(string path, int length, ReadOnlySpan<int> shape, string descr)
    {
        ArgumentNullException.ThrowIfNull(path);
        long count = 1;
        foreach (int dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(shape));
            count = Math.Min(count * dimension, Array.MaxLength + 1L);
        }

        if (count != length)
        {
            throw new ArgumentException($"The shape {NpyHeader.FormatShape(shape)} holds {count} values but {length} were given.", nameof(shape));
        }

        const int PrefixLength = 10;
        byte[] header = Encoding.ASCII.GetBytes(NpyHeader.Format(descr, shape, PrefixLength));
        if (header.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"A shape of {shape.Length} dimensions does not fit in an NPY 1.0 header.", nameof(shape));
        }

        var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        file.Write(Magic);
        file.Write([1, 0]);
        Span<byte> headerLength = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(headerLength, (ushort)header.Length);
        file.Write(headerLength);
        file.Write(header);
        return file;
    }

    private static (NpyElement Element, int[] Shape, long Count) ReadHeader(FileStream file, string path)
    {
        Span<byte> prefix = stackalloc byte[12];
        int read = file.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (read >= 4 && prefix[..4].SequenceEqual("PK\u0003\u0004"u8))
        {
            throw new InvalidDataException($"'{path}' is a zip archive (numpy.savez writes .npz archives), not an NPY file: extract the .npy files it holds.");
        }

        if (read < 8 || !prefix[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{path}' is not an NPY file: it must start with the magic bytes 93 'NUMPY' (major version) (minor version).");
        }

        (byte major, byte minor) = (prefix[6], prefix[7]);
        if (major is < 1 or > 3 || minor != 0)
        {
            throw new InvalidDataException($"'{path}' is NPY format version {major}.{minor}; expected 1.0, 2.0 or 3.0.");
        }

        int lengthSize = major == 1 ? 2 : 4;
        if (read < 8 + lengthSize)
        {
            throw new InvalidDataException($"'{path}' is truncated: its header needs at least {8 + lengthSize} bytes but the file has {read}.");
        }

        uint headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        long dataOffset = 8L + lengthSize + headerLength;
        if (dataOffset > file.Length)
        {
            throw new InvalidDataException($"'{path}' is truncated: its header needs {dataOffset} bytes but the file has {file.Length}.");
        }

        var headerBytes = new byte[headerLength];
        file.Position = 8 + lengthSize;
        file.ReadExactly(headerBytes);
        string text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        NpyHeader header = NpyHeader.Parse(text, path);
        if (header.FortranOrder)
        {
            throw new InvalidDataException(
                $"'{path}' stores its array in Fortran (column-major) order; expected C order: save numpy.ascontiguousarray(array) instead.");
        }

        NpyElement element = header.Descr switch
        {
            "<f4" => NpyElement.LittleEndianFloat32,
            ">f4" => NpyElement.BigEndianFloat32,
            "|u1" or "<u1" or ">u1" or "u1" => NpyElement.UInt8,
            _ => throw new InvalidDataException(
                $"'{path}' holds dtype '{header.Descr}'; expected float32 ('<f4') or uint8 ('|u1'): convert with array.astype(numpy.float32) before saving."),
        };

        long count = 1;
        foreach (int dimension in header.Shape)
        {
            count *= dimension;
            if (count > Array.MaxLength)
            {
                throw new InvalidDataException($"'{path}' declares the shape {NpyHeader.FormatShape(header.Shape)}, more values than an array can hold.");
            }
        }

        return (element, header.Shape, count);
    }

    private static T[] ReadData<T>(FileStream file, string path, long count, int[] shape, NpyElement element)
        where T : unmanaged
    {
        long expected = count * Unsafe.SizeOf<T>();
        long actual = file.Length - file.Position;
        if (actual != expected)
        {
            string type = element == NpyElement.UInt8 ? "uint8" : "float32";
            throw new InvalidDataException(
                $"'{path}' declares {type} values of shape {NpyHeader.FormatShape(shape)} ({expected} bytes after the header) but holds {actual}: the file is truncated or corrupt.");
        }

        var values = new T[count];
        file.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private enum NpyElement
    {
        LittleEndianFloat32,
        BigEndianFloat32,
        UInt8,
    }
}
