using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using ModelGen.Serialization;
using ModelGen.Tests.Harness;
using Xunit;

namespace ModelGen.Tests.Serialization;

/// <summary>Files written with PyTorch by Golden/make_safetensors_golden.py, read here; and ours, checked for what PyTorch expects.</summary>
public sealed class SafeTensorsGoldenTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Serialization", "Golden");

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static T ReadJson<T>(string name) => JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(Folder, name)), Json)!;

    private static float[] FashionNetParameters() => SafeTensors.Load(Path.Combine(Folder, "fashion_net.safetensors"), FashionNet.Description);

    [Fact]
    public void FashionNet_reads_the_parameters_PyTorch_saved_and_predicts_what_PyTorch_predicts()
    {
        var golden = ReadJson<FashionNetGolden>("fashion_net.json");
        float[] parameters = FashionNetParameters();

        Assert.Equal(golden.ParametersSha256, Convert.ToHexStringLower(SHA256.HashData(LittleEndianBytes(parameters))));
        Assert.Equal(golden.Tensors.Select(t => t.Name), FashionNet.Description.Tensors.Select(t => t.Name));
        foreach ((TensorGolden expected, TensorInfo tensor) in golden.Tensors.Zip(FashionNet.Description.Tensors))
        {
            Span<float> values = parameters.AsSpan(tensor.Offset, tensor.Length);
            Assert.Equal(expected.Shape, tensor.Shape);
            Assert.Equal((float)expected.First, values[0]);
            Assert.Equal((float)expected.Last, values[^1]);
            Assert.Equal(expected.Sum, values.ToArray().Sum(v => (double)v), 1e-9);
        }

        var model = new FashionNet();
        model.ImportParameters(parameters);
        var output = new float[FashionNet.OutputLength];
        model.Predict(golden.Input.Select(v => (float)v).ToArray(), output);
        Numbers.AssertClose(golden.Outputs, output, 1e-5, "FashionNet with PyTorch's weights");
    }

    [Fact]
    public void Writing_PyTorchs_parameters_gives_the_bytes_of_PyTorchs_file()
    {
        using var written = new MemoryStream();
        SafeTensors.Write(written, FashionNet.Description, FashionNetParameters());

        Assert.Equal(File.ReadAllBytes(Path.Combine(Folder, "fashion_net.safetensors")), written.ToArray());
    }

    [Fact]
    public void The_header_has_the_names_shapes_dtype_and_offsets_PyTorch_expects()
    {
        var parameters = new float[FashionNet.ParameterCount];
        new FashionNet(7).ExportParameters(parameters);
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, FashionNet.Description, parameters, new Dictionary<string, string> { ["labels"] = "T-shirt,Trouser" });
        byte[] file = stream.ToArray();

        long headerLength = BitConverter.ToInt64(file, 0);
        Assert.Equal(0, headerLength % 8);
        Assert.Equal(8 + headerLength + (4L * FashionNet.ParameterCount), file.Length);
        using JsonDocument header = JsonDocument.Parse(file.AsMemory(8, (int)headerLength));
        string[] expectedOrder = ["__metadata__", "0.bias", "0.weight", "3.bias", "3.weight", "7.bias", "7.weight", "9.bias", "9.weight"];
        Assert.Equal(expectedOrder, header.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("""{"format":"pt","labels":"T-shirt,Trouser"}""", header.RootElement.GetProperty("__metadata__").GetRawText());

        long offset = 0;
        foreach (string name in expectedOrder[1..])
        {
            TensorInfo tensor = FashionNet.Description.Tensors.Single(t => t.Name == name);
            JsonElement entry = header.RootElement.GetProperty(name);
            Assert.Equal(["dtype", "shape", "data_offsets"], entry.EnumerateObject().Select(p => p.Name));
            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            Assert.Equal(tensor.Shape, entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            Assert.Equal([offset, offset + (4L * tensor.Length)], entry.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()));
            Assert.Equal(parameters[tensor.Offset], BitConverter.ToSingle(file, (int)(8 + headerLength + offset)));
            offset += 4L * tensor.Length;
        }

        Assert.Equal(parameters, SafeTensors.Read(new MemoryStream(file), FashionNet.Description, out IReadOnlyDictionary<string, string> metadata));
        Assert.Equal("T-shirt,Trouser", metadata["labels"]);
    }

    public static TheoryData<string> TinyBinaryFiles() =>
        ["tiny_binary_features.safetensors", "tiny_binary_f16.safetensors", "tiny_binary_bf16.safetensors", "tiny_binary_f64.safetensors"];

    [Theory]
    [MemberData(nameof(TinyBinaryFiles))]
    public void Prefixed_names_and_F16_BF16_F64_tensors_are_read_as_PyTorch_converts_them(string file)
    {
        TinyBinaryFile golden = ReadJson<TinyBinaryGolden>("tiny_binary.json").Files[file];

        float[] parameters = SafeTensors.Load(Path.Combine(Folder, file), TinyBinary.Description, golden.Prefix);

        Assert.Equal(golden.Parameters.Select(v => (float)v), parameters);
    }

    [Fact]
    public void Reading_prefixed_names_without_the_prefix_says_which_prefix_fits()
    {
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(Path.Combine(Folder, "tiny_binary_features.safetensors"), TinyBinary.Description));

        Assert.Contains("missing tensor '0.weight': expected F32 [3, 5]", error.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected tensor 'features.0.weight' (F32 [3, 5]): TinyBinary has no such parameter", error.Message, StringComparison.Ordinal);
        Assert.Contains("pass namePrefix \"features.\"", error.Message, StringComparison.Ordinal);
    }

    private static byte[] LittleEndianBytes(float[] values) => values.SelectMany(v => BitConverter.GetBytes(v)).ToArray();

    private sealed record FashionNetGolden(string ParametersSha256, List<TensorGolden> Tensors, double[] Input, double[] Outputs);

    private sealed record TensorGolden(string Name, int[] Shape, double First, double Last, double Sum);

    private sealed record TinyBinaryGolden(Dictionary<string, TinyBinaryFile> Files);

    private sealed record TinyBinaryFile(string Prefix, double[] Parameters);
}
