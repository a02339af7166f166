using System;
using System.IO;
using System.Text;
using ModelGen.Data;
using Xunit;

namespace ModelGen.Tests.Data;

public sealed class PgmWriterTests
{
    [Fact]
    public void Writes_a_binary_header_and_one_byte_per_pixel_clamped_and_rounded()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("a.pgm");
        PgmWriter.Write(path, [0f, 1f, 0.5f, -3f, 7f, float.NaN], width: 3, height: 2);

        byte[] bytes = File.ReadAllBytes(path);
        byte[] header = Encoding.ASCII.GetBytes("P5\n3 2\n255\n");
        Assert.Equal(header, bytes[..header.Length]);
        Assert.Equal(new byte[] { 0, 255, 128, 0, 255, 0 }, bytes[header.Length..]);
    }

    [Fact]
    public void A_size_that_does_not_match_the_pixels_is_rejected()
    {
        using var directory = new TemporaryDirectory();
        var error = Assert.Throws<ArgumentException>(() => PgmWriter.Write(directory.File("a.pgm"), new float[5], 3, 2));
        Assert.StartsWith("A 3x2 image has 6 pixels but 5 were given.", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => PgmWriter.Write(directory.File("a.pgm"), new float[0], 0, 2));
    }
}
