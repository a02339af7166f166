using System;
using System.IO;
using ModelGen.Data;
using Xunit;

namespace ModelGen.Tests.Data;

public sealed class NpyDataSetTests
{
    [Fact]
    public void Saves_and_loads_images_with_multi_label_targets()
    {
        using var directory = new TemporaryDirectory();
        float[] inputs = new float[3 * 2 * 4 * 5];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = i / 7f;
        }

        var data = new TrainingData(inputs, new float[] { 1, 0, 0, 1, 1, 1 }, 40, 2);
        NpyDataSet.Save(data, directory.File("x.npy"), directory.File("y.npy"), 2, 4, 5);

        NpyFile.Read(directory.File("x.npy"), out int[] inputShape);
        NpyFile.Read(directory.File("y.npy"), out int[] targetShape);
        Assert.Equal(new[] { 3, 2, 4, 5 }, inputShape);
        Assert.Equal(new[] { 3, 2 }, targetShape);
        TrainingData loaded = NpyDataSet.Load(directory.File("x.npy"), directory.File("y.npy"));
        Assert.Equal((40, 2, 3), (loaded.InputLength, loaded.TargetLength, loaded.Count));
        Assert.Equal(inputs, loaded.Inputs.ToArray());
        Assert.Equal(data.Targets.ToArray(), loaded.Targets.ToArray());
    }

    [Fact]
    public void One_float_targets_are_a_vector_and_inputs_default_to_flat_samples()
    {
        using var directory = new TemporaryDirectory();
        var data = new TrainingData(new float[12], new float[] { 0, 3, 9 }, 4, 1);
        NpyDataSet.Save(data, directory.File("x.npy"), directory.File("y.npy"));
        NpyFile.Read(directory.File("x.npy"), out int[] inputShape);
        NpyFile.Read(directory.File("y.npy"), out int[] targetShape);
        Assert.Equal(new[] { 3, 4 }, inputShape);
        Assert.Equal(new[] { 3 }, targetShape);
    }

    [Fact]
    public void A_sample_shape_that_does_not_hold_an_input_is_rejected()
    {
        using var directory = new TemporaryDirectory();
        var data = new TrainingData(new float[12], new float[3], 4, 1);
        var error = Assert.Throws<ArgumentException>(() => NpyDataSet.Save(data, directory.File("x.npy"), directory.File("y.npy"), 3, 3));
        Assert.StartsWith("The sample shape (3, 3) holds 9 values but each input has 4 (InputLength).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_that_differ_name_both_files()
    {
        using var directory = new TemporaryDirectory();
        NpyFile.Write(directory.File("x.npy"), new float[12], 3, 4);
        NpyFile.Write(directory.File("y.npy"), new byte[2], 2);
        var error = Assert.Throws<InvalidDataException>(() => NpyDataSet.Load(directory.File("x.npy"), directory.File("y.npy")));
        Assert.Equal($"'{directory.File("x.npy")}' holds 3 samples and '{directory.File("y.npy")}' 2 targets; expected matching counts.", error.Message);
    }

    [Theory]
    [InlineData(new[] { 12 }, new[] { 12 }, "x.npy' holds an array of shape (12,); expected (samples, ...)")]
    [InlineData(new[] { 0, 4 }, new[] { 0 }, "x.npy' holds an array of shape (0, 4); expected (samples, ...) with at least one sample")]
    [InlineData(new[] { 3, 4 }, new[] { 3, 1, 1 }, "y.npy' holds an array of shape (3, 1, 1); expected (samples,) or (samples, labels).")]
    [InlineData(new[] { 3, 4 }, new[] { 3, 0 }, "y.npy' holds an array of shape (3, 0); expected (samples,) or (samples, labels).")]
    public void Shapes_that_are_not_samples_are_rejected(int[] inputShape, int[] targetShape, string expected)
    {
        using var directory = new TemporaryDirectory();
        NpyFile.Write(directory.File("x.npy"), new float[Product(inputShape)], inputShape);
        NpyFile.Write(directory.File("y.npy"), new float[Product(targetShape)], targetShape);
        var error = Assert.Throws<InvalidDataException>(() => NpyDataSet.Load(directory.File("x.npy"), directory.File("y.npy")));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static int Product(int[] shape)
    {
        int product = 1;
        foreach (int dimension in shape)
        {
            product *= dimension;
        }

        return product;
    }
}
