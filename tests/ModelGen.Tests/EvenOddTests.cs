using System;
using ModelGen.Internal;
using Xunit;

namespace ModelGen.Tests;

/// <summary>The even/odd split that stride-2 kernels read, and its inverse, for every length through two wide vectors.</summary>
public sealed class EvenOddTests
{
    [Fact]
    public void Split_and_join_move_every_element_to_its_place_for_every_length()
    {
        for (int length = 0; length <= 40; length++)
        {
            float[] row = new float[length];
            for (int i = 0; i < length; i++)
            {
                row[i] = i + 1;
            }

            // One more place than needed on each side, which must stay untouched.
            float[] even = new float[((length + 1) / 2) + 1], odd = new float[(length / 2) + 1];
            even[^1] = odd[^1] = -1;
            EvenOdd.Split(row, even, odd);
            for (int i = 0; i < length; i++)
            {
                Assert.Equal(i + 1, i % 2 == 0 ? even[i / 2] : odd[i / 2]);
            }

            Assert.Equal(-1, even[^1]);
            Assert.Equal(-1, odd[^1]);

            float[] joined = new float[length];
            EvenOdd.Join(even, odd, joined);
            Assert.Equal(row, joined);
        }
    }

    [Fact]
    public void Too_short_halves_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => EvenOdd.Split(new float[5], new float[2], new float[2]));
        Assert.Throws<ArgumentException>(() => EvenOdd.Join(new float[3], new float[1], new float[5]));
    }
}
