using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ModelGen.Serialization;
using Xunit;

namespace ModelGen.Tests.Serialization;

public sealed class SafeTensorsErrorTests
{
    // TinyBinary: 0.weight [3, 5], 0.bias [3], 2.weight [1, 3], 2.bias [1]; 22 floats.
    private const string TinyTensors =
        "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}," +
        "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[3,5],\"data_offsets\":[12,72]}," +
        "\"2.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[72,76]}," +
        "\"2.weight\":{\"dtype\":\"F32\",\"shape\":[1,3],\"data_offsets\":[76,88]}";

    /// <summary>A safetensors file with the given header text and <paramref name="dataBytes"/> bytes of data.</summary>
    internal static byte[] File(string header, int dataBytes = 88) =>
        [.. BitConverter.GetBytes((long)Encoding.UTF8.GetByteCount(header)), .. Encoding.UTF8.GetBytes(header), .. new byte[dataBytes]];

    internal static byte[] TinyFile() => File("{" + TinyTensors + "}");

    private static string ReadFails(byte[] file, string namePrefix = "") =>
        Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(file), TinyBinary.Description, namePrefix)).Message;

    [Fact]
    public void A_hand_written_file_in_any_tensor_order_is_read()
    {
        string reversed = string.Join(",", TinyTensors.Split("},").Select(e => e.TrimEnd('}') + "}").Reverse());

        Assert.Equal(new float[22], SafeTensors.Read(new MemoryStream(File("{" + reversed + "}")), TinyBinary.Description));
        Assert.Equal(new float[22], SafeTensors.Read(new MemoryStream(TinyFile()), TinyBinary.Description));
    }

    [Fact]
    public void Round_trip_with_prefix_and_metadata()
    {
        float[] parameters = SerializationFixtures.Parameters(TinyBinary.Description, 9);
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, TinyBinary.Description, parameters, new Dictionary<string, string> { ["format"] = "modelgen", ["note"] = "Größe ✓" }, "body.");
        stream.Position = 0;

        float[] read = SafeTensors.Read(stream, TinyBinary.Description, out IReadOnlyDictionary<string, string> metadata, "body.");

        Assert.Equal(parameters, read);
        Assert.Equal(new Dictionary<string, string> { ["format"] = "modelgen", ["note"] = "Größe ✓" }, metadata);
        Assert.Equal(stream.Length, stream.Position);
    }

    [Fact]
    public void Save_and_Load_use_a_path()
    {
        using var directory = new TemporaryDirectory();
        string path = directory["tiny.safetensors"];
        float[] parameters = SerializationFixtures.Parameters(TinyBinary.Description, 3);
        SafeTensors.Save(path, TinyBinary.Description, parameters);

        Assert.Equal(parameters, SafeTensors.Load(path, TinyBinary.Description));
        Assert.Equal(["tiny.safetensors"], directory.FileNames());

        System.IO.File.AppendAllText(path, "x");
        Assert.Contains("goes on for 1 bytes after the last tensor", Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path, TinyBinary.Description)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_shape_names_the_tensor_and_both_shapes()
    {
        string message = ReadFails(File("{" + TinyTensors.Replace("[3,5]", "[5,3]", StringComparison.Ordinal) + "}"));

        Assert.StartsWith("The safetensors file does not fit TinyBinary:\n  tensor '0.weight' has shape [5, 3]: expected [3, 5]", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_dtype_names_the_tensor_and_the_dtype()
    {
        string message = ReadFails(File("{" + TinyTensors.Replace("\"F32\",\"shape\":[1]", "\"I32\",\"shape\":[1]", StringComparison.Ordinal) + "}"));

        Assert.Contains("tensor '2.bias' has dtype I32: expected F32 (F16, BF16 and F64 are converted)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_and_unexpected_tensors_are_all_listed()
    {
        string header = "{" + TinyTensors.Replace("\"2.bias\"", "\"2.bias_\"", StringComparison.Ordinal) + "}";

        string message = ReadFails(File(header));

        Assert.Contains("missing tensor '2.bias': expected F32 [1]", message, StringComparison.Ordinal);
        Assert.Contains("unexpected tensor '2.bias_' (F32 [1]): TinyBinary has no such parameter", message, StringComparison.Ordinal);
        Assert.DoesNotContain("namePrefix", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prefix_given_for_a_file_without_one_says_so()
    {
        Assert.Contains("The file's names carry no prefix: pass namePrefix \"\"", ReadFails(TinyFile(), "features."), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "the header is not a JSON object")]
    [InlineData("{\"a\":", "the header is not valid JSON")]
    [InlineData("{} {}", "the header is not valid JSON")]
    [InlineData("{\"__metadata__\":{\"k\":1}}", "the metadata value of 'k' is not a string")]
    [InlineData("{\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3]}}", "tensor '0.bias' needs a dtype, a shape and two data_offsets")]
    [InlineData("{\"0.bias\":{\"dtype\":\"F32\",\"shape\":[-3],\"data_offsets\":[0,12]}}", "the shape of tensor '0.bias' must hold at most 32 whole numbers >= 0")]
    [InlineData("{\"0.bias\":{\"dtype\":\"Q7\",\"shape\":[3],\"data_offsets\":[0,12]}}", "tensor '0.bias' has the unknown dtype 'Q7'")]
    [InlineData("{\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[4,16]}}", "tensor '0.bias' has data_offsets [4, 16] where [0, ...] was expected")]
    [InlineData("{\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,16]}}", "tensor '0.bias' is F32 [3], 12 bytes, but its data_offsets span 16 bytes")]
    [InlineData("{\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},\"0.bias\":{}}", "the header lists '0.bias' twice")]
    public void A_broken_header_is_named(string header, string expected)
    {
        string message = ReadFails(File(header));

        Assert.StartsWith("This is not a valid safetensors file: ", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_length_beyond_the_formats_limit_is_refused_without_reading_on()
    {
        byte[] file = [.. BitConverter.GetBytes(1L << 40), .. "{}"u8];

        Assert.Contains("its header length is 1099511627776 bytes, more than the 100000000 the format allows", ReadFails(file), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_is_reported_as_truncated()
    {
        byte[] file = TinyFile();
        for (int length = 0; length < file.Length; length++)
        {
            string message = ReadFails(file[..length]);
            Assert.True(message.StartsWith("The safetensors file is truncated: ", StringComparison.Ordinal), $"length {length}: {message}");
        }
    }

    [Fact]
    public void Every_flipped_bit_is_read_or_refused_with_InvalidDataException()
    {
        byte[] file = TinyFile();
        int refused = 0;
        for (int position = 0; position < file.Length; position++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] damaged = (byte[])file.Clone();
                damaged[position] ^= (byte)(1 << bit);
                try
                {
                    SafeTensors.Read(new MemoryStream(damaged), TinyBinary.Description);
                }
                catch (InvalidDataException)
                {
                    refused++;
                }
            }
        }

        // safetensors has no checksum: a flip in the data or in insignificant header text goes unnoticed.
        int headerEnd = file.Length - 88;
        Assert.InRange(refused, headerEnd * 8 / 2, headerEnd * 8);
    }
}
