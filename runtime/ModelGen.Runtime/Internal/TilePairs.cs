using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Internal;

/// <summary>
/// Winograd products of two tiles in one 16-float vector, for layers whose 8 output channels fill half of one: lane
/// 2k holds channel k of the first tile, lane 2k + 1 of the second. The transformed inputs are stored as
/// [position, pair, channel, tile of the pair], so one 64-bit broadcast gives a pair's two values in every two lanes;
/// the weights of the 8 channels are duplicated lane by lane; the two tiles' results are separated before they are
/// stored. Input transforms of 8 channels likewise take two tiles per vector (<see cref="InputTransform8"/>). The
/// generated code passes every stride as a literal; these inline into it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TilePairs
{
    /// <summary>[x0 x0 x1 x1 ... x7 x7].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Duplicate(Vector256<float> x) =>
        Vector512.Shuffle(x.ToVector512Unsafe(), Vector512.Create(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7));

    /// <summary>The two floats at <paramref name="offset"/> in every two lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(ref float source, nuint offset) =>
        Vector512.Create(Unsafe.ReadUnaligned<double>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref source, offset)))).AsSingle();

    /// <summary>The first tile's 8 channels (even lanes), then the second's (odd lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Separate(Vector512<float> x) =>
        Vector512.Shuffle(x, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15));

    /// <summary>
    /// The input transform B^T d B of two tiles' 4x4 windows (<paramref name="first"/>, <paramref name="second"/>;
    /// window rows <paramref name="row"/> floats apart, columns <paramref name="column"/>) on 16 channels, stored
    /// interleaved at <paramref name="destination"/>, positions <paramref name="position"/> floats apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InputTransform(ref float first, ref float second, nuint row, nuint column, ref float destination, nuint position)
    {
        // B^T along each column (rows of the result from rows 0 and 2, 1 and 2, 2 and 1, 1 and 3 of the window), then
        // along each row; each window row loaded once, the two tiles' rows 1 and 2 kept for two rows of the result.
        Row a2 = new(ref first, 2 * row, column), b2 = new(ref second, 2 * row, column);
        Rows(new Row(ref first, 0, column) - a2, new Row(ref second, 0, column) - b2, ref destination, position);
        Row a1 = new(ref first, row, column), b1 = new(ref second, row, column);
        Rows(a1 + a2, b1 + b2, ref Unsafe.Add(ref destination, 4 * position), position);
        Rows(a2 - a1, b2 - b1, ref Unsafe.Add(ref destination, 8 * position), position);
        Rows(a1 - new Row(ref first, 3 * row, column), b1 - new Row(ref second, 3 * row, column), ref Unsafe.Add(ref destination, 12 * position), position);
    }

    /// <summary>
    /// The same transform on 8 channels, in V's usual layout ([position, tile, channel], tiles <paramref name="first"/>
    /// and the next one side by side): the two tiles share each 16-float vector, the first in the lower half, so the
    /// additions and stores run at the full width where 8 channels would fill half of it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InputTransform8(ref float first, ref float second, nuint row, nuint column, ref float destination, nuint position)
    {
        Row r2 = new(ref first, ref second, 2 * row, column);
        Rows(new Row(ref first, ref second, 0, column) - r2, ref destination, position);
        Row r1 = new(ref first, ref second, row, column);
        Rows(r1 + r2, ref Unsafe.Add(ref destination, 4 * position), position);
        Rows(r2 - r1, ref Unsafe.Add(ref destination, 8 * position), position);
        Rows(r1 - new Row(ref first, ref second, 3 * row, column), ref Unsafe.Add(ref destination, 12 * position), position);
    }

    /// <summary>A row e of B^T d for both tiles (one in each half of the vectors), then e B: four positions of the result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows(Row e, ref float to, nuint position)
    {
        (e.C0 - e.C2).StoreUnsafe(ref to);
        (e.C1 + e.C2).StoreUnsafe(ref Unsafe.Add(ref to, position));
        (e.C2 - e.C1).StoreUnsafe(ref Unsafe.Add(ref to, 2 * position));
        (e.C1 - e.C3).StoreUnsafe(ref Unsafe.Add(ref to, 3 * position));
    }

    /// <summary>A row e of B^T d for both tiles, then e B: four positions of the result, each tile's pair interleaved.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows(Row a, Row b, ref float to, nuint position)
    {
        Store(a.C0 - a.C2, b.C0 - b.C2, ref to);
        Store(a.C1 + a.C2, b.C1 + b.C2, ref Unsafe.Add(ref to, position));
        Store(a.C2 - a.C1, b.C2 - b.C1, ref Unsafe.Add(ref to, 2 * position));
        Store(a.C1 - a.C3, b.C1 - b.C3, ref Unsafe.Add(ref to, 3 * position));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> first, Vector512<float> second, ref float destination)
    {
        Pairs.InterleaveLower(first, second).StoreUnsafe(ref destination);
        Pairs.InterleaveUpper(first, second).StoreUnsafe(ref destination, 16);
    }

    /// <summary>One row of a window: its four pixels' 16 channels.</summary>
    private readonly struct Row
    {
        public readonly Vector512<float> C0, C1, C2, C3;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Row(ref float window, nuint offset, nuint column)
        {
            ref float start = ref Unsafe.Add(ref window, offset);
            (C0, C1, C2, C3) = (Vector512.LoadUnsafe(ref start), Vector512.LoadUnsafe(ref start, column), Vector512.LoadUnsafe(ref start, 2 * column), Vector512.LoadUnsafe(ref start, 3 * column));
        }

        /// <summary>The 8 channels of one row of two windows, the first's in the lower half of each vector.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Row(ref float first, ref float second, nuint offset, nuint column)
        {
            ref float a = ref Unsafe.Add(ref first, offset);
            ref float b = ref Unsafe.Add(ref second, offset);
            (C0, C1, C2, C3) = (Halves(ref a, ref b, 0), Halves(ref a, ref b, column), Halves(ref a, ref b, 2 * column), Halves(ref a, ref b, 3 * column));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Row(Vector512<float> c0, Vector512<float> c1, Vector512<float> c2, Vector512<float> c3) => (C0, C1, C2, C3) = (c0, c1, c2, c3);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> Halves(ref float a, ref float b, nuint offset) =>
            Vector512.Create(Vector256.LoadUnsafe(ref a, offset), Vector256.LoadUnsafe(ref b, offset));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Row operator +(Row x, Row y) => new(x.C0 + y.C0, x.C1 + y.C1, x.C2 + y.C2, x.C3 + y.C3);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Row operator -(Row x, Row y) => new(x.C0 - y.C0, x.C1 - y.C1, x.C2 - y.C2, x.C3 - y.C3);
    }
}
