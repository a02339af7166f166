using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Internal;

/// <summary>
/// Winograd products of two tiles in one 16-float vector, for layers whose 8 output channels fill half of one: lane
/// 2k holds channel k of the first tile, lane 2k + 1 of the second. The transformed inputs are stored as
/// [position, pair, channel, tile of the pair], so one 64-bit broadcast gives a pair's two values in every two lanes;
/// the weights of the 8 channels are duplicated lane by lane; the two tiles' results are separated before they are
/// stored. The generated code passes every stride as a literal; these inline into it.
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
        // Row by row of the result, each from two rows of the window, so that two tiles' values fit in the registers.
        Row(ref first, ref second, row, column, ref destination, position, 0);
        Row(ref first, ref second, row, column, ref Unsafe.Add(ref destination, 4 * position), position, 1);
        Row(ref first, ref second, row, column, ref Unsafe.Add(ref destination, 8 * position), position, 2);
        Row(ref first, ref second, row, column, ref Unsafe.Add(ref destination, 12 * position), position, 3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row(ref float first, ref float second, nuint row, nuint column, ref float to, nuint position, int r)
    {
        Vector512<float> a0 = Column(ref first, row, 0, r), a1 = Column(ref first, row, column, r), a2 = Column(ref first, row, 2 * column, r), a3 = Column(ref first, row, 3 * column, r);
        Vector512<float> b0 = Column(ref second, row, 0, r), b1 = Column(ref second, row, column, r), b2 = Column(ref second, row, 2 * column, r), b3 = Column(ref second, row, 3 * column, r);
        Store(a0 - a2, b0 - b2, ref to);
        Store(a1 + a2, b1 + b2, ref Unsafe.Add(ref to, position));
        Store(a2 - a1, b2 - b1, ref Unsafe.Add(ref to, 2 * position));
        Store(a1 - a3, b1 - b3, ref Unsafe.Add(ref to, 3 * position));
    }

    /// <summary>Row <paramref name="r"/> of B^T d in the window's column at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Column(ref float window, nuint row, nuint offset, int r)
    {
        ref float top = ref Unsafe.Add(ref window, offset);
        return r switch
        {
            0 => Vector512.LoadUnsafe(ref top) - Vector512.LoadUnsafe(ref top, 2 * row),
            1 => Vector512.LoadUnsafe(ref top, row) + Vector512.LoadUnsafe(ref top, 2 * row),
            2 => Vector512.LoadUnsafe(ref top, 2 * row) - Vector512.LoadUnsafe(ref top, row),
            _ => Vector512.LoadUnsafe(ref top, row) - Vector512.LoadUnsafe(ref top, 3 * row),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> first, Vector512<float> second, ref float destination)
    {
        Pairs.InterleaveLower(first, second).StoreUnsafe(ref destination);
        Pairs.InterleaveUpper(first, second).StoreUnsafe(ref destination, 16);
    }
}
