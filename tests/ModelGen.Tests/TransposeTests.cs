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
    public void Strided_rows_are_transposed_and_what_lies_between_them_is_left_alone()
    {
        for (int rows = 0; rows <= 13; rows++)
        {
            for (int columns = 0; columns <= 13; columns++)
            {
                int sourceStride = columns + (rows % 3), destinationStride = rows + 1 + (columns % 2);
                float[] matrix = new float[rows * sourceStride];
                for (int i = 0; i < matrix.Length; i++)
                {
                    matrix[i] = i + 1;
                }

                float[] transposed = new float[columns * destinationStride];
                Array.Fill(transposed, -1);
                Transpose.Copy(matrix, sourceStride, transposed, destinationStride, rows, columns);
                for (int i = 0; i < transposed.Length; i++)
                {
                    (int c, int r) = Math.DivRem(i, destinationStride);
                    float expected = r < rows ? matrix[(r * sourceStride) + c] : -1;
                    Assert.True(transposed[i] == expected, $"{rows} x {columns}, strides {sourceStride} and {destinationStride}: place {i} holds {transposed[i]}, not {expected}");
                }
            }
        }
    }

    [Fact]
    public void Add_adds_the_transpose_for_every_shape()
    {
        for (int rows = 0; rows <= 19; rows++)
        {
            for (int columns = 0; columns <= 19; columns++)
            {
                float[] matrix = new float[rows * columns], sums = new float[(rows * columns) + 1];
                for (int i = 0; i < matrix.Length; i++)
                {
                    matrix[i] = i + 1;
                    sums[i] = 1000 * (i + 1);
                }

                sums[^1] = -1;
                Transpose.Add(matrix, sums, rows, columns);
                for (int r = 0; r < rows; r++)
                {
                    for (int c = 0; c < columns; c++)
                    {
                        float expected = (1000 * ((c * rows) + r + 1)) + matrix[(r * columns) + c];
                        Assert.True(sums[(c * rows) + r] == expected, $"{rows} x {columns}: element ({r}, {c}) is {sums[(c * rows) + r]}, not {expected}");
                    }
                }

                Assert.Equal(-1, sums[^1]);
            }
        }
    }

    [Fact]
    public void Too_short_spans_and_negative_sizes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Transpose.Copy(new float[11], new float[12], 3, 4));
        Assert.Throws<ArgumentException>(() => Transpose.Copy(new float[12], new float[11], 3, 4));
        Assert.Throws<ArgumentException>(() => Transpose.Copy(new float[12], new float[12], -3, 4));
        Assert.Throws<ArgumentException>(() => Transpose.Copy(new float[12], 3, new float[12], 3, 3, 4));
        Assert.Throws<ArgumentException>(() => Transpose.Copy(new float[12], 4, new float[11], 3, 3, 4));
        Assert.Throws<ArgumentException>(() => Transpose.Add(new float[12], new float[11], 3, 4));
    }
}
