using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace ModelGen.Data;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST (big-endian header, unsigned bytes), raw or gzip-compressed.
/// Every malformed file gives an <see cref="InvalidDataException"/> that names the file and what was expected.
/// </summary>
public static class IdxFile
{
    private const int UnsignedByteType = 0x08;

    /// <summary>Reads an image file (3 dimensions: count, height, width) as floats scaled to [0, 1], image after image.</summary>
    public static float[] ReadImages(string path, out int count, out int height, out int width)
    {
        byte[] data = ReadAll(path);
        int[] dims = ReadHeader(data, path, expectedDimensions: 3);
        (count, height, width) = (dims[0], dims[1], dims[2]);
        long length = (long)count * height * width;
        CheckLength(data, path, 16, length, $"{count} images of {height}x{width}");
        var pixels = new float[length];
        for (long i = 0; i < length; i++)
        {
            pixels[i] = data[16 + i] / 255f;
        }

        return pixels;
    }

    /// <summary>Reads a label file (1 dimension) as floats holding the class index.</summary>
    public static float[] ReadLabels(string path)
    {
        byte[] data = ReadAll(path);
        int count = ReadHeader(data, path, expectedDimensions: 1)[0];
        CheckLength(data, path, 8, count, $"{count} labels");
        var labels = new float[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = data[8 + i];
        }

        return labels;
    }

    private static byte[] ReadAll(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The IDX file '{path}' does not exist.", path);
        }

        using FileStream file = File.OpenRead(path);
        var head = new byte[2];
        bool gzip = file.Read(head, 0, 2) == 2 && head[0] == 0x1f && head[1] == 0x8b;
        file.Position = 0;
        try
        {
            using Stream source = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var memory = new MemoryStream();
            source.CopyTo(memory);
            return memory.ToArray();
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidDataException($"'{path}' looks gzip-compressed but cannot be decompressed: {exception.Message}", exception);
        }
    }

    private static int[] ReadHeader(byte[] data, string path, int expectedDimensions)
    {
        if (data.Length < 4 || data[0] != 0 || data[1] != 0)
        {
            throw new InvalidDataException($"'{path}' is not an IDX file: it must start with the magic bytes 00 00 (type) (dimensions).");
        }

        if (data[2] != UnsignedByteType || data[3] != expectedDimensions)
        {
            throw new InvalidDataException(
                $"'{path}' holds IDX type 0x{data[2]:X2} with {data[3]} dimensions; expected unsigned bytes (0x08) with {expectedDimensions}.");
        }

        int headerLength = 4 + (4 * expectedDimensions);
        if (data.Length < headerLength)
        {
            throw new InvalidDataException($"'{path}' is truncated: its header needs {headerLength} bytes but the file has {data.Length}.");
        }

        var dims = new int[expectedDimensions];
        for (int i = 0; i < expectedDimensions; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4 + (4 * i)));
            if (dims[i] <= 0)
            {
                throw new InvalidDataException($"'{path}' declares dimension {i} as {dims[i]}; every dimension must be positive.");
            }
        }

        return dims;
    }

    private static void CheckLength(byte[] data, string path, int header, long expected, string what)
    {
        if (data.Length - header != expected)
        {
            throw new InvalidDataException(
                $"'{path}' declares {what} ({expected} bytes after the header) but holds {data.Length - header}: the file is truncated or corrupt.");
        }
    }
}
