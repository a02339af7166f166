using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Internal;

/// <summary>
/// The lane sums of a full vector's worth of accumulators at once: lane i of the result is the sum of the lanes of
/// accumulator i. A tree of two-source shuffles and adds halves the lanes per accumulator at each level: 16
/// accumulators take 46 instructions, where a horizontal sum each takes several shuffles and adds of its own and a
/// scalar add to memory. The weight gradient along rows ends with one such sum per weight; the generated code adds
/// the result to 16 (or 8) consecutive gradients in one vector. Called only from the generated AVX-512 and AVX paths.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LaneSums
{
    /// <summary>Lane i: the sum of the 16 lanes of accumulator i (AVX-512).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Of(
        Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3,
        Vector512<float> v4, Vector512<float> v5, Vector512<float> v6, Vector512<float> v7,
        Vector512<float> v8, Vector512<float> v9, Vector512<float> v10, Vector512<float> v11,
        Vector512<float> v12, Vector512<float> v13, Vector512<float> v14, Vector512<float> v15)
    {
        // Per 128-bit block k and lane j the four levels leave the sum of accumulator k + 4j.
        Vector512<float> sums = Quarters(Halves(Pair(v0, v1), Pair(v2, v3)), Halves(Pair(v4, v5), Pair(v6, v7)), Halves(Pair(v8, v9), Pair(v10, v11)), Halves(Pair(v12, v13), Pair(v14, v15)));
        return Vector512.Shuffle(sums, Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15));
    }

    /// <summary>Lane i: the sum of the 8 lanes of accumulator i (AVX).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Of(
        Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3,
        Vector256<float> v4, Vector256<float> v5, Vector256<float> v6, Vector256<float> v7)
    {
        // Blocks of 128 bits: [a.lo, b.lo] + [a.hi, b.hi], then 64-bit and 32-bit pairs within each block; block k,
        // lane j ends with the sum of accumulator k + 2j.
        Vector256<float> p01 = Avx.Permute2x128(v0, v1, 0x20) + Avx.Permute2x128(v0, v1, 0x31);
        Vector256<float> p23 = Avx.Permute2x128(v2, v3, 0x20) + Avx.Permute2x128(v2, v3, 0x31);
        Vector256<float> p45 = Avx.Permute2x128(v4, v5, 0x20) + Avx.Permute2x128(v4, v5, 0x31);
        Vector256<float> p67 = Avx.Permute2x128(v6, v7, 0x20) + Avx.Permute2x128(v6, v7, 0x31);
        Vector256<float> q0 = Avx.UnpackLow(p01.AsDouble(), p23.AsDouble()).AsSingle() + Avx.UnpackHigh(p01.AsDouble(), p23.AsDouble()).AsSingle();
        Vector256<float> q1 = Avx.UnpackLow(p45.AsDouble(), p67.AsDouble()).AsSingle() + Avx.UnpackHigh(p45.AsDouble(), p67.AsDouble()).AsSingle();
        Vector256<float> sums = Avx.Shuffle(q0, q1, 0x88) + Avx.Shuffle(q0, q1, 0xDD);
        return Vector256.Shuffle(sums, Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7));
    }

    // Blocks [a0+a2, a1+a3, b0+b2, b1+b3] of 128 bits: a's 8 partial sums, then b's.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Pair(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle4x128(a, b, 0x44) + Avx512F.Shuffle4x128(a, b, 0xEE);

    // From two pairs' partial sums, one block of 4 per accumulator: [a, b, c, d].
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Halves(Vector512<float> ab, Vector512<float> cd) =>
        Avx512F.Shuffle4x128(ab, cd, 0x88) + Avx512F.Shuffle4x128(ab, cd, 0xDD);

    // From four blocks of 4 accumulators each, lane j of block k: the sum of accumulator k + 4j.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Quarters(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d)
    {
        Vector512<float> ab = Avx512F.UnpackLow(a.AsDouble(), b.AsDouble()).AsSingle() + Avx512F.UnpackHigh(a.AsDouble(), b.AsDouble()).AsSingle();
        Vector512<float> cd = Avx512F.UnpackLow(c.AsDouble(), d.AsDouble()).AsSingle() + Avx512F.UnpackHigh(c.AsDouble(), d.AsDouble()).AsSingle();
        return Avx512F.Shuffle(ab, cd, 0x88) + Avx512F.Shuffle(ab, cd, 0xDD);
    }
}
