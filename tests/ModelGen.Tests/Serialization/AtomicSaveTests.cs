using System;
using System.IO;
using ModelGen.Serialization;
using Xunit;

namespace ModelGen.Tests.Serialization;

public sealed class AtomicSaveTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void An_interrupted_save_leaves_the_previous_file_byte_for_byte_and_no_temporary_file()
    {
        string path = _directory["model.mgw"];
        ModelDescription description = FashionNet.Description;
        WeightFile.Save(path, description, SerializationFixtures.Parameters(description, 1));
        byte[] before = File.ReadAllBytes(path);
        float[] newer = SerializationFixtures.Parameters(description, 2);

        // In the header, at the first parameter, in the middle of the parameters, and at the checksum.
        foreach (long failAfter in new long[] { 0, 10, 120, before.Length / 2, before.Length - 2 })
        {
            var error = Assert.Throws<IOException>(() =>
                WeightFile.Save(path, description, newer, optimizer: null, metadata: null, wrap: s => new FailingStream(s, failAfter)));

            Assert.StartsWith("Simulated failure", error.Message, StringComparison.Ordinal);
            Assert.Equal(before, File.ReadAllBytes(path));
            Assert.Equal(["model.mgw"], _directory.FileNames());
        }

        WeightFile.Save(path, description, newer);
        Assert.Equal(newer, WeightFile.Load(path, description).Parameters);
        Assert.Equal(["model.mgw"], _directory.FileNames());
    }

    [Fact]
    public void An_interrupted_first_save_leaves_no_file()
    {
        string path = _directory["new.mgw"];

        Assert.Throws<IOException>(() => WeightFile.Save(
            path, TinyBinary.Description, SerializationFixtures.Parameters(TinyBinary.Description, 1), null, null, s => new FailingStream(s, 20)));

        Assert.Empty(_directory.FileNames());
    }

    [Fact]
    public void A_save_refused_for_its_arguments_leaves_the_previous_file()
    {
        string path = _directory["model.mgw"];
        WeightFile.Save(path, TinyBinary.Description, SerializationFixtures.Parameters(TinyBinary.Description, 1));
        byte[] before = File.ReadAllBytes(path);

        Assert.Throws<ArgumentException>(() => WeightFile.Save(path, TinyBinary.Description, new float[3]));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["model.mgw"], _directory.FileNames());
    }
}
