using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Internal;

/// <summary>
/// Splits a row into its even and odd elements and joins them back, with vector shuffles. Generated kernels of
/// stride-2 convolutions and pools read their input split this way, so that every window tap is a contiguous load;
/// element by element, that copy cost as much as the pooling it served.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class EvenOdd
{
    /// <summary>
    /// Copies <paramref name="source"/>[0], [2], [4]... to <paramref name="even"/> and [1], [3], [5]... to
    /// <paramref name="odd"/>, which must hold at least (length + 1) / 2 and length / 2 floats.
    /// </summary>
    public static void Split(ReadOnlySpan<float> source, Span<float> even, Span<float> odd)
    {
        if (even.Length < (source.Length + 1) / 2 || odd.Length < source.Length / 2)
        {
            throw new ArgumentException($"A row of {source.Length} needs {(source.Length + 1) / 2} even and {source.Length / 2} odd places.");
        }

        ref float s0 = ref MemoryMarshal.GetReference(source);
        ref float e0 = ref MemoryMarshal.GetReference(even);
        ref float o0 = ref MemoryMarshal.GetReference(odd);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<int> order = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
            for (; i + 16 <= source.Length; i += 16)
            {
                Vector256<float> a = Vector256.Shuffle(Vector256.LoadUnsafe(ref s0, (nuint)i), order);
                Vector256<float> b = Vector256.Shuffle(Vector256.LoadUnsafe(ref s0, (nuint)(i + 8)), order);
                Vector256.Create(a.GetLower(), b.GetLower()).StoreUnsafe(ref e0, (nuint)(i / 2));
                Vector256.Create(a.GetUpper(), b.GetUpper()).StoreUnsafe(ref o0, (nuint)(i / 2));
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<int> order = Vector128.Create(0, 2, 1, 3);
            for (; i + 8 <= source.Length; i += 8)
            {
                Vector128<float> a = Vector128.Shuffle(Vector128.LoadUnsafe(ref s0, (nuint)i), order);
                Vector128<float> b = Vector128.Shuffle(Vector128.LoadUnsafe(ref s0, (nuint)(i + 4)), order);
                Vector128.Create(a.GetLower(), b.GetLower()).StoreUnsafe(ref e0, (nuint)(i / 2));
                Vector128.Create(a.GetUpper(), b.GetUpper()).StoreUnsafe(ref o0, (nuint)(i / 2));
            }
        }

        for (; i < source.Length; i++)
        {
            (((i & 1) == 0) ? ref even[i / 2] : ref odd[i / 2]) = source[i];
        }
    }

    /// <summary>The inverse of <see cref="Split"/>: <paramref name="destination"/>[2j] = even[j], [2j + 1] = odd[j].</summary>
    public static void Join(ReadOnlySpan<float> even, ReadOnlySpan<float> odd, Span<float> destination)
    {
        if (even.Length < (destination.Length + 1) / 2 || odd.Length < destination.Length / 2)
        {
            throw new ArgumentException($"A row of {destination.Length} needs {(destination.Length + 1) / 2} even and {destination.Length / 2} odd values.");
        }

        ref float e0 = ref MemoryMarshal.GetReference(even);
        ref float o0 = ref MemoryMarshal.GetReference(odd);
        ref float d0 = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<int> order = Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);
            for (; i + 16 <= destination.Length; i += 16)
            {
                Vector256<float> e = Vector256.LoadUnsafe(ref e0, (nuint)(i / 2));
                Vector256<float> o = Vector256.LoadUnsafe(ref o0, (nuint)(i / 2));
                Vector256.Shuffle(Vector256.Create(e.GetLower(), o.GetLower()), order).StoreUnsafe(ref d0, (nuint)i);
                Vector256.Shuffle(Vector256.Create(e.GetUpper(), o.GetUpper()), order).StoreUnsafe(ref d0, (nuint)(i + 8));
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<int> order = Vector128.Create(0, 2, 1, 3);
            for (; i + 8 <= destination.Length; i += 8)
            {
                Vector128<float> e = Vector128.LoadUnsafe(ref e0, (nuint)(i / 2));
                Vector128<float> o = Vector128.LoadUnsafe(ref o0, (nuint)(i / 2));
                Vector128.Shuffle(Vector128.Create(e.GetLower(), o.GetLower()), order).StoreUnsafe(ref d0, (nuint)i);
                Vector128.Shuffle(Vector128.Create(e.GetUpper(), o.GetUpper()), order).StoreUnsafe(ref d0, (nuint)(i + 4));
            }
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = (i & 1) == 0 ? even[i / 2] : odd[i / 2];
        }
    }
}
