using System;
using System.Runtime.CompilerServices;
using System.ComponentModel;

namespace ModelGen.Internal;

/// <summary>
/// A large Dense layer's weights as its generated forward kernel reads them: rows in blocks of
/// <c>rowBlock</c>, and within a block, for each full vector of <c>width</c> inputs, the block's rows side by side;
/// the inputs past the last full vector follow, row after row. The kernel then streams one run of memory instead of
/// reading <c>rowBlock</c> rows a whole row apart. Each block starts where its first row starts in
/// <c>[rows, columns]</c>, so a block keeps its place and size.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DenseRowBlocks
{
    /// <summary>Copies <paramref name="weight"/> ([rows, columns], PyTorch's layout) to <paramref name="destination"/> in that layout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Interleave(ReadOnlySpan<float> weight, Span<float> destination, int rows, int columns, int rowBlock, int width)
    {
        if (rows <= 0 || columns <= 0 || rowBlock <= 0 || width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), "Rows, columns, row block and width must be positive.");
        }

        if (weight.Length < rows * columns || destination.Length < rows * columns)
        {
            throw new ArgumentException($"{rows} x {columns} weights need {rows * columns} floats on both sides.", nameof(destination));
        }

        int loopEnd = columns / width * width, rest = columns - loopEnd;
        for (int first = 0; first < rows; first += rowBlock)
        {
            int count = Math.Min(rowBlock, rows - first);
            Span<float> block = destination.Slice(first * columns, count * columns);
            for (int r = 0; r < count; r++)
            {
                ReadOnlySpan<float> row = weight.Slice((first + r) * columns, columns);
                for (int i = 0; i < loopEnd; i += width)
                {
                    row.Slice(i, width).CopyTo(block.Slice((i * count) + (r * width)));
                }

                row.Slice(loopEnd, rest).CopyTo(block.Slice((loopEnd * count) + (r * rest)));
            }
        }
    }
}
