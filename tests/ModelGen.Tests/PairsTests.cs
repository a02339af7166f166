using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ModelGen.Internal;
using Xunit;

namespace ModelGen.Tests;

/// <summary>
/// The in-register even/odd split that 2x2 stride-2 pools read, and the interleave they write back with, at every
/// vector width: the hardware path where this machine (or the arm64 emulator) has one, the element-wise one elsewhere.
/// </summary>
public sealed class PairsTests
{
    [Fact]
    public void Even_odd_and_interleave_put_every_lane_in_its_place_at_every_width()
    {
        Check(Vector128.Create(Row(4, 0)), Vector128.Create(Row(4, 4)), Pairs.Even, Pairs.Odd, Pairs.InterleaveLower, Pairs.InterleaveUpper);
        Check(Vector256.Create(Row(8, 0)), Vector256.Create(Row(8, 8)), Pairs.Even, Pairs.Odd, Pairs.InterleaveLower, Pairs.InterleaveUpper);
        Check(Vector512.Create(Row(16, 0)), Vector512.Create(Row(16, 16)), Pairs.Even, Pairs.Odd, Pairs.InterleaveLower, Pairs.InterleaveUpper);
    }

    private static float[] Row(int length, int first)
    {
        float[] row = new float[length];
        for (int i = 0; i < length; i++)
        {
            row[i] = first + i + 1;
        }

        return row;
    }

    private delegate T Pair<T>(T a, T b);

    private static void Check<T>(T lower, T upper, Pair<T> even, Pair<T> odd, Pair<T> interleaveLower, Pair<T> interleaveUpper)
        where T : struct
    {
        float[] row = [.. Lanes(lower), .. Lanes(upper)];
        int width = row.Length / 2;
        T evens = even(lower, upper), odds = odd(lower, upper);
        for (int i = 0; i < width; i++)
        {
            Assert.Equal(row[2 * i], Lanes(evens)[i]);
            Assert.Equal(row[(2 * i) + 1], Lanes(odds)[i]);
        }

        Assert.Equal(Lanes(lower), Lanes(interleaveLower(evens, odds)));
        Assert.Equal(Lanes(upper), Lanes(interleaveUpper(evens, odds)));
    }

    private static float[] Lanes<T>(T vector)
        where T : struct => MemoryMarshal.Cast<T, float>(new[] { vector }).ToArray();
}
