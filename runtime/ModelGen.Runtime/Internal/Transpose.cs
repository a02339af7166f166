using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Internal;

/// <summary>
/// Transposes a row-major matrix with vector shuffles: 8x8 blocks with AVX's in-lane unpacks (x64; the cross-platform
/// shuffles took 37 cycles a block, these about half), 4x4 blocks where 64-bit halves are accelerated (ARM64). Generated convolution kernels transpose the output gradient to
/// [pixel, output channel] for the weight gradient; element by element, that copy cost as much as a layer's bias
/// and weight gradients together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Transpose
{
    /// <summary>
    /// Writes the transpose of the <paramref name="rows"/> x <paramref name="columns"/> matrix in
    /// <paramref name="source"/> to <paramref name="destination"/> (<paramref name="columns"/> x <paramref name="rows"/>).
    /// </summary>
    public static void Copy(ReadOnlySpan<float> source, Span<float> destination, int rows, int columns) =>
        Copy(source, columns, destination, rows, rows, columns);

    /// <summary>
    /// Writes the transpose of a <paramref name="rows"/> x <paramref name="columns"/> matrix whose element (r, c) is
    /// <paramref name="source"/>[r * <paramref name="sourceStride"/> + c] to <paramref name="destination"/>[c *
    /// <paramref name="destinationStride"/> + r]; what lies between the rows of either is left alone.
    /// </summary>
    public static void Copy(ReadOnlySpan<float> source, int sourceStride, Span<float> destination, int destinationStride, int rows, int columns) =>
        Run(source, sourceStride, destination, destinationStride, rows, columns, add: false);

    /// <summary>
    /// Adds the transpose of the <paramref name="rows"/> x <paramref name="columns"/> matrix in <paramref name="source"/>
    /// to <paramref name="destination"/> (<paramref name="columns"/> x <paramref name="rows"/>).
    /// </summary>
    public static void Add(ReadOnlySpan<float> source, Span<float> destination, int rows, int columns) =>
        Run(source, columns, destination, rows, rows, columns, add: true);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(ReadOnlySpan<float> source, int sourceStride, Span<float> destination, int destinationStride, int rows, int columns, bool add)
    {
        if (rows < 0 || columns < 0 || sourceStride < columns || destinationStride < rows
            || (rows > 0 && columns > 0 && (source.Length < ((long)(rows - 1) * sourceStride) + columns || destination.Length < ((long)(columns - 1) * destinationStride) + rows)))
        {
            throw new ArgumentException(
                $"A {rows} x {columns} matrix with rows {sourceStride} apart, transposed to rows {destinationStride} apart, does not fit spans of {source.Length} and {destination.Length} floats.");
        }

        ref float s0 = ref MemoryMarshal.GetReference(source);
        ref float d0 = ref MemoryMarshal.GetReference(destination);
        // A copy (not an add) finishes a ragged edge with one more block that overlaps the last: it writes some
        // elements twice with the same value, instead of transposing the edge element by element.
        int size = Avx.IsSupported ? 8 : Vector64.IsHardwareAccelerated ? 4 : 0, row = 0;
        if (size > 0)
        {
            for (; row + size <= rows; row += size)
            {
                Rows(ref s0, sourceStride, ref d0, destinationStride, row, columns, add, size);
            }

            if (!add && row < rows && rows >= size)
            {
                Rows(ref s0, sourceStride, ref d0, destinationStride, rows - size, columns, add, size);
                return;
            }
        }

        if (row < rows)
        {
            Scalar(ref s0, sourceStride, ref d0, destinationStride, row, rows, 0, columns, add);
        }
    }

    /// <summary>Rows <paramref name="row"/> to <paramref name="row"/> + <paramref name="size"/> - 1 in blocks of <paramref name="size"/> x <paramref name="size"/> (8 or 4, a constant once inlined).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows(ref float s0, int sourceStride, ref float d0, int destinationStride, int row, int columns, bool add, int size)
    {
        int column = 0;
        for (; column + size <= columns; column += size)
        {
            Block(ref s0, sourceStride, ref d0, destinationStride, row, column, add, size);
        }

        if (!add && column < columns && columns >= size)
        {
            Block(ref s0, sourceStride, ref d0, destinationStride, row, columns - size, add, size);
            return;
        }

        // Scalar is a call of its own (not inlined): skipped when no column is left, as for most shapes.
        if (column < columns)
        {
            Scalar(ref s0, sourceStride, ref d0, destinationStride, row, row + size, column, columns, add);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block(ref float s0, int sourceStride, ref float d0, int destinationStride, int row, int column, bool add, int size)
    {
        ref float s = ref Unsafe.Add(ref s0, ((nint)row * sourceStride) + column);
        ref float d = ref Unsafe.Add(ref d0, ((nint)column * destinationStride) + row);
        if (size == 8)
        {
            Block8(ref s, (nuint)sourceStride, ref d, (nuint)destinationStride, add);
        }
        else
        {
            Block4(ref s, (nuint)sourceStride, ref d, (nuint)destinationStride, add);
        }
    }

    /// <summary>Rows <paramref name="firstRow"/> to <paramref name="endRow"/> - 1, columns <paramref name="firstColumn"/> to <paramref name="endColumn"/> - 1, element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scalar(ref float s0, int sourceStride, ref float d0, int destinationStride, int firstRow, int endRow, int firstColumn, int endColumn, bool add)
    {
        for (int r = firstRow; r < endRow; r++)
        {
            for (int c = firstColumn; c < endColumn; c++)
            {
                ref float target = ref Unsafe.Add(ref d0, ((nint)c * destinationStride) + r);
                float value = Unsafe.Add(ref s0, ((nint)r * sourceStride) + c);
                target = add ? target + value : value;
            }
        }
    }

    // Rows a..h in, columns out: pairs of rows interleaved ([a0 b0 a1 b1 | a4 b4 a5 b5]), pairs of pairs
    // ([a0 b0 c0 d0 | a4 b4 c4 d4]), then 128-bit halves swapped into place ([a0 .. h0]): 24 shuffles for 64 floats.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block8(ref float s, nuint sourceStride, ref float d, nuint destinationStride, bool add)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref s), r1 = Vector256.LoadUnsafe(ref s, sourceStride);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref s, 2 * sourceStride), r3 = Vector256.LoadUnsafe(ref s, 3 * sourceStride);
        Vector256<float> r4 = Vector256.LoadUnsafe(ref s, 4 * sourceStride), r5 = Vector256.LoadUnsafe(ref s, 5 * sourceStride);
        Vector256<float> r6 = Vector256.LoadUnsafe(ref s, 6 * sourceStride), r7 = Vector256.LoadUnsafe(ref s, 7 * sourceStride);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Store(Avx.Permute2x128(u0, u4, 0x20), ref d, 0, add);
        Store(Avx.Permute2x128(u1, u5, 0x20), ref d, destinationStride, add);
        Store(Avx.Permute2x128(u2, u6, 0x20), ref d, 2 * destinationStride, add);
        Store(Avx.Permute2x128(u3, u7, 0x20), ref d, 3 * destinationStride, add);
        Store(Avx.Permute2x128(u0, u4, 0x31), ref d, 4 * destinationStride, add);
        Store(Avx.Permute2x128(u1, u5, 0x31), ref d, 5 * destinationStride, add);
        Store(Avx.Permute2x128(u2, u6, 0x31), ref d, 6 * destinationStride, add);
        Store(Avx.Permute2x128(u3, u7, 0x31), ref d, 7 * destinationStride, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block4(ref float s, nuint sourceStride, ref float d, nuint destinationStride, bool add)
    {
        Vector128<int> order = Vector128.Create(0, 2, 1, 3);
        Vector128<float> a = Vector128.LoadUnsafe(ref s), b = Vector128.LoadUnsafe(ref s, sourceStride);
        Vector128<float> c = Vector128.LoadUnsafe(ref s, 2 * sourceStride), e = Vector128.LoadUnsafe(ref s, 3 * sourceStride);
        Vector128<float> ab0 = Vector128.Shuffle(Vector128.Create(a.GetLower(), b.GetLower()), order);
        Vector128<float> ab1 = Vector128.Shuffle(Vector128.Create(a.GetUpper(), b.GetUpper()), order);
        Vector128<float> ce0 = Vector128.Shuffle(Vector128.Create(c.GetLower(), e.GetLower()), order);
        Vector128<float> ce1 = Vector128.Shuffle(Vector128.Create(c.GetUpper(), e.GetUpper()), order);
        Store(Vector128.Create(ab0.GetLower(), ce0.GetLower()), ref d, 0, add);
        Store(Vector128.Create(ab0.GetUpper(), ce0.GetUpper()), ref d, destinationStride, add);
        Store(Vector128.Create(ab1.GetLower(), ce1.GetLower()), ref d, 2 * destinationStride, add);
        Store(Vector128.Create(ab1.GetUpper(), ce1.GetUpper()), ref d, 3 * destinationStride, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> value, ref float d, nuint offset, bool add) =>
        (add ? value + Vector256.LoadUnsafe(ref d, offset) : value).StoreUnsafe(ref d, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector128<float> value, ref float d, nuint offset, bool add) =>
        (add ? value + Vector128.LoadUnsafe(ref d, offset) : value).StoreUnsafe(ref d, offset);
}
