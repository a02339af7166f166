using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ModelGen.Data;
using Xunit;

namespace ModelGen.Tests.Data;

/// <summary>NpyFile against files written by numpy (Golden/make_npy_golden.py), and on malformed files.</summary>
public sealed class NpyFileTests
{
    private static readonly string GoldenDirectory = Path.Combine(AppContext.BaseDirectory, "Data", "Golden");

    public static TheoryData<string> ReadableFiles() => new(Golden().Where(g => g.RejectedBecause is null).Select(g => g.File));

    public static TheoryData<string> RejectedFiles() => new(Golden().Where(g => g.RejectedBecause is not null).Select(g => g.File));

    // numpy's header for a little-endian C-order array; the files numpy wrote and ours must be the same bytes.
    public static TheoryData<string> FilesNumpyWroteAsWeWrite() =>
        ["float32_2d.npy", "float32_4d.npy", "float32_1d.npy", "float32_scalar.npy", "float32_empty.npy", "uint8_3d.npy"];

    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public void Reads_every_value_of_a_file_numpy_wrote(string name)
    {
        GoldenArray golden = Golden().Single(g => g.File == name);
        float[] values = NpyFile.Read(Path.Combine(GoldenDirectory, name), out int[] shape);

        Assert.Equal(golden.Shape, shape);
        float[] expected = golden.Float32Bits is { } bits ? bits.Select(BitConverter.UInt32BitsToSingle).ToArray() : golden.Bytes!.Select(b => (float)b).ToArray();
        Assert.Equal(expected.Select(BitConverter.SingleToUInt32Bits), values.Select(BitConverter.SingleToUInt32Bits));
    }

    [Theory]
    [MemberData(nameof(RejectedFiles))]
    public void Rejects_fortran_order_and_other_dtypes_naming_the_file_and_what_it_holds(string name)
    {
        string path = Path.Combine(GoldenDirectory, name);
        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path, out _));
        Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(Golden().Single(g => g.File == name).RejectedBecause!, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FilesNumpyWroteAsWeWrite))]
    public void Writes_the_same_bytes_as_numpy(string name)
    {
        string golden = Path.Combine(GoldenDirectory, name);
        using var directory = new TemporaryDirectory();
        string path = directory.File(name);
        if (name.StartsWith("uint8", StringComparison.Ordinal))
        {
            NpyFile.Write(path, NpyFile.ReadBytes(golden, out int[] shape), shape);
        }
        else
        {
            NpyFile.Write(path, NpyFile.Read(golden, out int[] shape), shape);
        }

        Assert.Equal(File.ReadAllBytes(golden), File.ReadAllBytes(path));
    }

    [Fact]
    public void Reads_bytes_unconverted_and_refuses_floats_as_bytes()
    {
        byte[] bytes = NpyFile.ReadBytes(Path.Combine(GoldenDirectory, "uint8_3d.npy"), out int[] shape);
        Assert.Equal(new[] { 2, 3, 4 }, shape);
        Assert.Equal(Golden().Single(g => g.File == "uint8_3d.npy").Bytes!.Select(b => (byte)b), bytes);

        string floats = Path.Combine(GoldenDirectory, "float32_2d.npy");
        var error = Assert.Throws<InvalidDataException>(() => NpyFile.ReadBytes(floats, out _));
        Assert.Contains($"'{floats}' holds float32 values; expected uint8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_python2_long_suffixes_and_double_quotes()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.Write("py2.npy", Npy("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2L, 1L)}\n", new byte[8]));
        Assert.Equal(new float[2], NpyFile.Read(path, out int[] shape));
        Assert.Equal(new[] { 2, 1 }, shape);
    }

    [Fact]
    public void A_missing_file_is_FileNotFoundException_naming_it()
    {
        string path = Path.Combine(GoldenDirectory, "no-such-file.npy");
        var error = Assert.Throws<FileNotFoundException>(() => NpyFile.Read(path, out _));
        Assert.Equal($"The NPY file '{path}' does not exist.", error.Message);
    }

    [Theory]
    [InlineData("", "is not an NPY file: it must start with the magic bytes 93 'NUMPY' (major version) (minor version).")]
    [InlineData("\u0093NUMPZ\u0001\u0000\u0010\u0000", "is not an NPY file: it must start with the magic bytes 93 'NUMPY' (major version) (minor version).")]
    [InlineData("PK\u0003\u0004 rest of a zip", "is a zip archive (numpy.savez writes .npz archives), not an NPY file: extract the .npy files it holds.")]
    [InlineData("\u0093NUMPY\u0004\u0000\u0010\u0000", "is NPY format version 4.0; expected 1.0, 2.0 or 3.0.")]
    [InlineData("\u0093NUMPY\u0002\u0000\u0010\u0000", "is truncated: its header needs at least 12 bytes but the file has 10.")]
    [InlineData("\u0093NUMPY\u0001\u0000\u0050\u0000{'descr'", "is truncated: its header needs 90 bytes but the file has 18.")]
    public void Malformed_prefixes_name_the_file_and_what_was_expected(string contents, string expected)
    {
        using var directory = new TemporaryDirectory();
        string path = directory.Write("bad.npy", Encoding.Latin1.GetBytes(contents));
        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path, out _));
        Assert.Equal($"'{path}' {expected}", error.Message);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'shape': (2,), }", "expected exactly the keys 'descr' (a string), 'fortran_order' (True or False) and 'shape'")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", "expected a quoted string")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }", "expected a dimension")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), }", "expected a dimension")]
    [InlineData("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", "the key 'descr' appears twice")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } x", "text follows the closing brace")]
    [InlineData("{'descr: '<f4'", "expected ':'")]
    [InlineData("['<f4', False, (2,)]", "expected '{'")]
    public void Malformed_headers_name_the_file_the_problem_and_show_the_header(string header, string problem)
    {
        using var directory = new TemporaryDirectory();
        string path = directory.Write("bad.npy", Npy(header + "\n", new byte[8]));
        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path, out _));
        Assert.StartsWith($"'{path}' has a malformed NPY header (", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.EndsWith(header, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7, "declares float32 values of shape (2,) (8 bytes after the header) but holds 7: the file is truncated or corrupt.")]
    [InlineData(9, "declares float32 values of shape (2,) (8 bytes after the header) but holds 9: the file is truncated or corrupt.")]
    [InlineData(0, "declares float32 values of shape (2,) (8 bytes after the header) but holds 0: the file is truncated or corrupt.")]
    public void Data_of_the_wrong_size_names_the_file_and_the_sizes(int actualBytes, string expected)
    {
        using var directory = new TemporaryDirectory();
        string path = directory.Write("short.npy", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", new byte[actualBytes]));
        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path, out _));
        Assert.Equal($"'{path}' {expected}", error.Message);
    }

    [Fact]
    public void A_shape_larger_than_an_array_is_rejected_before_allocating()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.Write("huge.npy", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), }\n", new byte[8]));
        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path, out _));
        Assert.Contains("declares the shape (65536, 65536), more values than an array can hold", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_checks_that_the_shape_holds_the_values()
    {
        using var directory = new TemporaryDirectory();
        var error = Assert.Throws<ArgumentException>(() => NpyFile.Write(directory.File("x.npy"), new float[5], 2, 3));
        Assert.StartsWith("The shape (2, 3) holds 6 values but 5 were given.", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => NpyFile.Write(directory.File("x.npy"), new float[0], 2, -1));
        Assert.False(File.Exists(directory.File("x.npy")));
    }

    [Fact]
    public void Round_trips_values_and_shapes()
    {
        using var directory = new TemporaryDirectory();
        float[] values = Enumerable.Range(0, 24).Select(i => (i * 0.37f) - 3).ToArray();
        NpyFile.Write(directory.File("a.npy"), values, 2, 3, 4);
        Assert.Equal(values, NpyFile.Read(directory.File("a.npy"), out int[] shape));
        Assert.Equal(new[] { 2, 3, 4 }, shape);
    }

    /// <summary>An NPY 1.0 file with <paramref name="header"/> taken as it is (no padding) and then <paramref name="data"/>.</summary>
    internal static byte[] Npy(string header, byte[] data)
    {
        byte[] text = Encoding.Latin1.GetBytes(header);
        return [0x93, .. "NUMPY"u8, 1, 0, (byte)text.Length, (byte)(text.Length >> 8), .. text, .. data];
    }

    private static IReadOnlyList<GoldenArray> Golden()
    {
        using FileStream json = File.OpenRead(Path.Combine(GoldenDirectory, "npy_golden.json"));
        using JsonDocument document = JsonDocument.Parse(json);
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        return document.RootElement.GetProperty("files").Deserialize<List<GoldenArray>>(options)!;
    }

    private sealed record GoldenArray(string File, int[]? Shape, uint[]? Float32Bits, int[]? Bytes, string? RejectedBecause);
}
