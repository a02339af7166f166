using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Internal;

/// <summary>
/// The even and odd lanes of two vectors (a row of 2 x width floats) and back, in registers: what 2x2 stride-2 pools
/// read and write, so they need no split copy of their input (<see cref="EvenOdd"/>) and no join of their gradient.
/// Each is a two-source permute on AVX-512, a shuffle and a 64-bit permute on AVX2, an unzip or zip on NEON; the
/// checks fold to constants, and the element-wise fallbacks serve only machines without those instructions.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Pairs
{
    /// <summary>Lanes 0, 2, 4... of <paramref name="lower"/> then of <paramref name="upper"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Even(Vector512<float> lower, Vector512<float> upper) =>
        Avx512F.IsSupported ? Avx512F.PermuteVar16x32x2(lower, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), upper) : Vector512.Create(Even(lower.GetLower(), lower.GetUpper()), Even(upper.GetLower(), upper.GetUpper()));

    /// <summary>Lanes 1, 3, 5... of <paramref name="lower"/> then of <paramref name="upper"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Odd(Vector512<float> lower, Vector512<float> upper) =>
        Avx512F.IsSupported ? Avx512F.PermuteVar16x32x2(lower, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), upper) : Vector512.Create(Odd(lower.GetLower(), lower.GetUpper()), Odd(upper.GetLower(), upper.GetUpper()));

    /// <summary>even[0], odd[0], even[1], odd[1]... for the first half of the lanes: the inverse of Even and Odd, lower vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> InterleaveLower(Vector512<float> even, Vector512<float> odd) =>
        Avx512F.IsSupported ? Avx512F.PermuteVar16x32x2(even, Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23), odd) : Vector512.Create(InterleaveLower(even.GetLower(), odd.GetLower()), InterleaveUpper(even.GetLower(), odd.GetLower()));

    /// <summary>The same for the second half of the lanes: the upper vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> InterleaveUpper(Vector512<float> even, Vector512<float> odd) =>
        Avx512F.IsSupported ? Avx512F.PermuteVar16x32x2(even, Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31), odd) : Vector512.Create(InterleaveLower(even.GetUpper(), odd.GetUpper()), InterleaveUpper(even.GetUpper(), odd.GetUpper()));

    // AVX2 shuffles work within 128-bit halves: [l0 l2 u0 u2 | l4 l6 u4 u6], then 64-bit pairs 0, 2, 1, 3.
    /// <inheritdoc cref="Even(Vector512{float}, Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Even(Vector256<float> lower, Vector256<float> upper) =>
        Avx2.IsSupported ? Avx2.Permute4x64(Avx.Shuffle(lower, upper, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle() : Vector256.Create(Even(lower.GetLower(), lower.GetUpper()), Even(upper.GetLower(), upper.GetUpper()));

    /// <inheritdoc cref="Odd(Vector512{float}, Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Odd(Vector256<float> lower, Vector256<float> upper) =>
        Avx2.IsSupported ? Avx2.Permute4x64(Avx.Shuffle(lower, upper, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle() : Vector256.Create(Odd(lower.GetLower(), lower.GetUpper()), Odd(upper.GetLower(), upper.GetUpper()));

    // Unpacking also works within halves: [e0 o0 e1 o1 | e4 o4 e5 o5] and [e2 o2 e3 o3 | e6 o6 e7 o7].
    /// <inheritdoc cref="InterleaveLower(Vector512{float}, Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> InterleaveLower(Vector256<float> even, Vector256<float> odd) =>
        Avx.IsSupported ? Avx.Permute2x128(Avx.UnpackLow(even, odd), Avx.UnpackHigh(even, odd), 0x20) : Vector256.Create(InterleaveLower(even.GetLower(), odd.GetLower()), InterleaveUpper(even.GetLower(), odd.GetLower()));

    /// <inheritdoc cref="InterleaveUpper(Vector512{float}, Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> InterleaveUpper(Vector256<float> even, Vector256<float> odd) =>
        Avx.IsSupported ? Avx.Permute2x128(Avx.UnpackLow(even, odd), Avx.UnpackHigh(even, odd), 0x31) : Vector256.Create(InterleaveLower(even.GetUpper(), odd.GetUpper()), InterleaveUpper(even.GetUpper(), odd.GetUpper()));

    /// <inheritdoc cref="Even(Vector512{float}, Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Even(Vector128<float> lower, Vector128<float> upper) =>
        AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.UnzipEven(lower, upper)
        : Sse.IsSupported ? Sse.Shuffle(lower, upper, 0b10_00_10_00)
        : Vector128.Create(lower[0], lower[2], upper[0], upper[2]);

    /// <inheritdoc cref="Odd(Vector512{float}, Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Odd(Vector128<float> lower, Vector128<float> upper) =>
        AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.UnzipOdd(lower, upper)
        : Sse.IsSupported ? Sse.Shuffle(lower, upper, 0b11_01_11_01)
        : Vector128.Create(lower[1], lower[3], upper[1], upper[3]);

    /// <inheritdoc cref="InterleaveLower(Vector512{float}, Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> InterleaveLower(Vector128<float> even, Vector128<float> odd) =>
        AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipLow(even, odd)
        : Sse.IsSupported ? Sse.UnpackLow(even, odd)
        : Vector128.Create(even[0], odd[0], even[1], odd[1]);

    /// <inheritdoc cref="InterleaveUpper(Vector512{float}, Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> InterleaveUpper(Vector128<float> even, Vector128<float> odd) =>
        AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipHigh(even, odd)
        : Sse.IsSupported ? Sse.UnpackHigh(even, odd)
        : Vector128.Create(even[2], odd[2], even[3], odd[3]);
}
