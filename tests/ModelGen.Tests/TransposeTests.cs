using System;
using ModelGen.Internal;
using Xunit;

namespace ModelGen.Tests;

/// <summary>
/// The transpose that convolution weight gradients read the output gradient through: every shape through two 8x8
/// blocks and their edges (4x4 blocks on ARM64, where the emulated run covers them), against the definition.
/// </summary>
public sealed class TransposeTests
{
    [Fact]
    public void Every_element_moves_to_its_transposed_place_for_every_shape()
    {
        for (int rows = 0; rows <= 19; rows++)
        {
            for (int columns = 0; columns <= 19; columns++)
            {
                float[] matrix = new float[rows * columns];
                for (int i = 0; i < matrix.Length; i++)
                {
                    matrix[i] = i + 1;
                }

                // One more place than needed, which must stay untouched.
                float[] transposed = new float[(rows * columns) + 1];
                transposed[^1] = -1;
                Transpose.Copy(matrix, transposed, rows, columns);
                for (int r = 0; r < rows; r++)
                {
                    for (int c = 0; c < columns; c++)
                    {
                        Assert.True(transposed[(c * rows) + r] == matrix[(r * columns) + c], $"{rows} x {columns}: element ({r}, {c}) is {transposed[(c * rows) + r]}, not {matrix[(r * columns) + c]}");
                    }
                }

                Assert.Equal(-1, transposed[^1]);
            }
        }
    }

    [Fact]
    public void Too_short_spans_and_negative_sizes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Transpose.Copy(new float[11], new float[12], 3, 4));
        Assert.Throws<ArgumentException>(() => Transpose.Copy(new float[12], new float[11], 3, 4));
        Assert.Throws<ArgumentException>(() => Transpose.Copy(new float[12], new float[12], -3, 4));
    }
}
