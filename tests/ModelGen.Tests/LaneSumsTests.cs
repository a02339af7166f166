using System.Linq;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ModelGen.Internal;
using Xunit;

namespace ModelGen.Tests;

/// <summary>
/// The tree of shuffles that sums 16 (or 8) accumulators' lanes at once puts accumulator i's sum in lane i. Checked
/// at each width this process can run (the generated code calls it only on those): with AVX-512 both, in the AVX2
/// child process the 8-float one.
/// </summary>
public sealed class LaneSumsTests
{
    [Fact]
    public void Lane_i_holds_the_sum_of_accumulator_i()
    {
        if (Avx512F.IsSupported)
        {
            var v = Enumerable.Range(0, 16).Select(i => Vector512.Create(Lanes(i, 16))).ToArray();
            Vector512<float> sums = LaneSums.Of(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]);
            Assert.Equal(Enumerable.Range(0, 16).Select(i => Lanes(i, 16).Sum()), Enumerable.Range(0, 16).Select(i => sums.GetElement(i)));
        }

        if (Avx.IsSupported)
        {
            var v = Enumerable.Range(0, 8).Select(i => Vector256.Create(Lanes(i, 8))).ToArray();
            Vector256<float> sums = LaneSums.Of(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
            Assert.Equal(Enumerable.Range(0, 8).Select(i => Lanes(i, 8).Sum()), Enumerable.Range(0, 8).Select(i => sums.GetElement(i)));
        }
    }

    // Lane j of accumulator i: a value no other (i, j) has, so a lane summed into the wrong accumulator shows.
    private static float[] Lanes(int accumulator, int width) => Enumerable.Range(0, width).Select(j => (float)((accumulator * 1000) + (j * j) + 1)).ToArray();
}
