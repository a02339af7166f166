using System;
using System.Buffers.Binary;
using System.IO;
using ModelGen.Serialization;
using Xunit;

namespace ModelGen.Tests.Serialization;

/// <summary>
/// Random damage, many times over: a reader may accept the data or refuse it with its documented exception, and
/// nothing else (no IndexOutOfRange, OutOfMemory, JsonException or hang).
/// </summary>
public sealed class SerializationFuzzTests
{
    private const int Rounds = 3000;

    // Characters that move a JSON parser onto its other paths.
    private static readonly byte[] JsonBytes = "{}[]\",:-0123456789eE.tfn \\u"u8.ToArray();

    private static byte[] Damage(Random random, byte[] file, bool jsonAware)
    {
        byte[] damaged = random.Next(4) == 0 ? file[..random.Next(file.Length)] : (byte[])file.Clone();
        int edits = random.Next(1, 5);
        for (int i = 0; i < edits && damaged.Length > 0; i++)
        {
            int position = random.Next(damaged.Length);
            damaged[position] = random.Next(3) switch
            {
                0 => (byte)(damaged[position] ^ (1 << random.Next(8))),
                1 when jsonAware => JsonBytes[random.Next(JsonBytes.Length)],
                _ => (byte)random.Next(256),
            };
        }

        return damaged;
    }

    [Fact]
    public void Damaged_weight_files_give_only_WeightFileException()
    {
        var random = new Random(20260101);
        byte[] file = SerializationFixtures.SmallWeightFile();
        int accepted = 0;
        for (int round = 0; round < Rounds; round++)
        {
            byte[] damaged = Damage(random, file, jsonAware: false);

            // Half the time, make the length and checksum agree with the damage, so the field parser sees it.
            bool disguised = round % 2 == 1 && damaged.Length >= WeightFileFormat.MinimumLength;
            if (disguised)
            {
                WeightFileFormat.Magic.CopyTo(damaged);
                BinaryPrimitives.WriteUInt32LittleEndian(damaged.AsSpan(4), WeightFileFormat.CurrentVersion);
                BinaryPrimitives.WriteUInt64LittleEndian(damaged.AsSpan(8), (ulong)damaged.Length);
                SerializationFixtures.FixChecksum(damaged);
            }

            try
            {
                WeightFile.Read(new MemoryStream(damaged), TinyBinary.Description);
                accepted++;
                Assert.True(disguised, $"round {round}: undisguised damage was accepted");
            }
            catch (WeightFileException error)
            {
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
            }
            catch (Exception other)
            {
                Assert.Fail($"round {round} (disguised: {disguised}): {other.GetType().Name}: {other.Message}\n{Convert.ToHexString(damaged)}");
            }
        }

        // Damage to the parameters is only visible to the checksum, so some disguised rounds are accepted.
        Assert.InRange(accepted, 1, Rounds / 2);
    }

    [Fact]
    public void Damaged_safetensors_files_give_only_InvalidDataException()
    {
        var random = new Random(20260102);
        byte[] written;
        using (var stream = new MemoryStream())
        {
            SafeTensors.Write(stream, TinyBinary.Description, SerializationFixtures.Parameters(TinyBinary.Description, 1));
            written = stream.ToArray();
        }

        foreach (byte[] file in new[] { written, SafeTensorsErrorTests.TinyFile() })
        {
            for (int round = 0; round < Rounds; round++)
            {
                byte[] damaged = Damage(random, file, jsonAware: true);
                try
                {
                    SafeTensors.Read(new MemoryStream(damaged), TinyBinary.Description);
                }
                catch (InvalidDataException error)
                {
                    Assert.False(string.IsNullOrWhiteSpace(error.Message));
                }
                catch (Exception other)
                {
                    Assert.Fail($"round {round}: {other.GetType().Name}: {other.Message}\n{Convert.ToHexString(damaged)}");
                }
            }
        }
    }
}
