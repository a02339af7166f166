using System;
using ModelGen.Internal;
using Xunit;

namespace ModelGen.Tests;

/// <summary>The layout a large Dense layer's forward kernel reads its weights in, against its definition.</summary>
public sealed class DenseRowBlocksTests
{
    [Theory]
    [InlineData(64, 784, 16)]
    [InlineData(67, 301, 16)]
    [InlineData(67, 301, 8)]
    [InlineData(5, 301, 4)]
    [InlineData(3, 7, 16)]
    [InlineData(1, 16, 16)]
    public void Each_block_holds_its_rows_side_by_side_per_vector_then_the_rest_of_each_row(int rows, int columns, int width)
    {
        const int block = 4;
        float[] weight = new float[rows * columns];
        for (int i = 0; i < weight.Length; i++)
        {
            weight[i] = i + 1;
        }

        // One more place than needed, which must stay untouched.
        float[] packed = new float[weight.Length + 1];
        packed[^1] = -1;
        DenseRowBlocks.Interleave(weight, packed, rows, columns, block, width);

        int loopEnd = columns / width * width, rest = columns - loopEnd;
        for (int o = 0; o < rows; o++)
        {
            int first = o / block * block, count = Math.Min(block, rows - first), r = o - first;
            for (int i = 0; i < columns; i++)
            {
                int at = (first * columns) + (i < loopEnd ? (i / width * width * count) + (r * width) + (i % width) : (loopEnd * count) + (r * rest) + (i - loopEnd));
                Assert.True(packed[at] == weight[(o * columns) + i], $"{rows} x {columns} by {width}: weight ({o}, {i}) is not at {at}");
            }
        }

        Assert.Equal(-1, packed[^1]);
    }

    [Fact]
    public void Sizes_that_do_not_fit_are_refused()
    {
        Assert.Throws<ArgumentException>(() => DenseRowBlocks.Interleave(new float[10], new float[12], 3, 4, 4, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => DenseRowBlocks.Interleave(new float[12], new float[12], 3, 4, 0, 16));
    }
}
