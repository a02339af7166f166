using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using ModelGen.Serialization;
using Xunit;

namespace ModelGen.Tests.Serialization;

public sealed class WeightFileCorruptionTests
{
    private static WeightFileException ReadFails(byte[] file, ModelDescription? expected = null) =>
        Assert.Throws<WeightFileException>(() => WeightFile.Read(new MemoryStream(file), expected ?? TinyBinary.Description));

    [Fact]
    public void The_small_file_reads_back_when_undamaged()
    {
        byte[] file = SerializationFixtures.SmallWeightFile();

        WeightFileContents contents = WeightFile.Read(new MemoryStream(file), TinyBinary.Description);

        Assert.Equal(SerializationFixtures.Parameters(TinyBinary.Description, 1), contents.Parameters);
        Assert.Equal(7, contents.Optimizer!.State!.StepCount);
    }

    [Fact]
    public void Every_truncation_is_reported_as_truncated()
    {
        byte[] file = SerializationFixtures.SmallWeightFile();
        for (int length = 0; length < file.Length; length++)
        {
            WeightFileException error = ReadFails(file[..length]);
            Assert.True(error.Problem == WeightFileProblem.Truncated, $"length {length}: {error.Problem}: {error.Message}");
            Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_flipped_bit_is_detected()
    {
        byte[] file = SerializationFixtures.SmallWeightFile();
        for (int position = 0; position < file.Length; position++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] damaged = (byte[])file.Clone();
                damaged[position] ^= (byte)(1 << bit);

                WeightFileException error = ReadFails(damaged);

                // The magic says what kind of file it is; a damaged length makes the file look longer (truncated)
                // or shorter (the checksum then covers other bytes); anywhere else the checksum catches it.
                WeightFileProblem[] expected = position switch
                {
                    < 4 => [WeightFileProblem.NotAWeightFile],
                    >= 8 and < 16 => [WeightFileProblem.Truncated, WeightFileProblem.Corrupted],
                    _ => [WeightFileProblem.Corrupted],
                };
                Assert.True(Array.IndexOf(expected, error.Problem) >= 0, $"byte {position} bit {bit}: {error.Problem}: {error.Message}");
            }
        }
    }

    [Fact]
    public void A_checksum_mismatch_names_both_values()
    {
        byte[] file = SerializationFixtures.SmallWeightFile();
        file[40] ^= 0x10;

        WeightFileException error = ReadFails(file);

        Assert.Equal(WeightFileProblem.Corrupted, error.Problem);
        Assert.Matches("CRC-32 is 0x[0-9A-F]{8} but the file records 0x[0-9A-F]{8}", error.Message);
    }

    [Fact]
    public void Another_kind_of_file_is_named_as_such()
    {
        WeightFileException png = ReadFails([0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0, 0, 13]);
        Assert.Equal(WeightFileProblem.NotAWeightFile, png.Problem);
        Assert.Contains("not a ModelGen weight file: it starts with 89504E47", png.Message, StringComparison.Ordinal);

        byte[] safetensors = [.. BitConverter.GetBytes(2L), .. "{}"u8];
        Assert.Contains("safetensors", ReadFails(safetensors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_format_version_asks_for_a_newer_ModelGen()
    {
        byte[] file = SerializationFixtures.SmallWeightFile();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), 2);
        SerializationFixtures.FixChecksum(file);

        WeightFileException error = ReadFails(file);

        Assert.Equal(WeightFileProblem.NewerVersion, error.Problem);
        Assert.Contains("format version 2; this ModelGen reads versions up to 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, WeightFile.FormatVersion);
    }

    [Fact]
    public void Another_architecture_shows_both_signatures_and_the_first_differing_layer()
    {
        Assert.Equal(FashionNet.ParameterCount, FashionNetAvgPool.ParameterCount);
        byte[] file = SerializationFixtures.WeightFileBytes(FashionNetAvgPool.Description, SerializationFixtures.Parameters(FashionNetAvgPool.Description, 1));

        WeightFileException error = ReadFails(file, FashionNet.Description);

        Assert.Equal(WeightFileProblem.OtherArchitecture, error.Problem);
        string expected = """
            The weight file holds another architecture than FashionNet (it was saved from FashionNetAvgPool).
            First difference, line 8 of the signature:
              file:  5 AvgPool2D(2) 16x14x14 -> 16x7x7
              model: 5 MaxPool2D(2) 16x14x14 -> 16x7x7
            Signature in the file:
              task MultiClass
            """;
        Assert.StartsWith(expected.ReplaceLineEndings("\n"), error.Message, StringComparison.Ordinal);
        Assert.Contains("Signature of FashionNet:\n  task MultiClass\n", error.Message, StringComparison.Ordinal);
        foreach (string line in FashionNetAvgPool.Description.Signature.TrimEnd('\n').Split('\n'))
        {
            Assert.Contains("  " + line + "\n", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_first_difference_can_be_the_input_shape()
    {
        byte[] file = SerializationFixtures.WeightFileBytes(TinyBinary.Description, SerializationFixtures.Parameters(TinyBinary.Description, 1));

        WeightFileException error = ReadFails(file, BlobNet.Description);

        Assert.Equal(WeightFileProblem.OtherArchitecture, error.Problem);
        Assert.Contains("First difference, line 2 of the signature:\n  file:  input 5\n  model: input 1x12x12\n", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_well_checksummed_file_that_breaks_the_rules_is_malformed()
    {
        byte[] file = SerializationFixtures.SmallWeightFile();
        int optimizerFlag = 16 + 4 + "TinyBinary".Length + 4 + TinyBinary.Description.Signature.Length + 4;
        Assert.Equal(1, file[optimizerFlag]);
        file[optimizerFlag] = 7;
        SerializationFixtures.FixChecksum(file);

        WeightFileException error = ReadFails(file);

        Assert.Equal(WeightFileProblem.Malformed, error.Problem);
        Assert.Contains("the optimizer flag is 7, not 0 or 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_refuses_bytes_after_the_checksum()
    {
        using var directory = new TemporaryDirectory();
        string path = directory["tiny.mgw"];
        File.WriteAllBytes(path, [.. SerializationFixtures.SmallWeightFile(), 0]);

        var error = Assert.Throws<WeightFileException>(() => WeightFile.Load(path, TinyBinary.Description));

        Assert.Equal(WeightFileProblem.Corrupted, error.Problem);
        Assert.Contains("1 bytes follow its checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Crc32_is_the_zlib_checksum()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, Crc32.Compute([]));
        Assert.Equal(Crc32.Compute("123456789"u8), Crc32.Append(Crc32.Compute("1234"u8), "56789"u8));
    }
}
