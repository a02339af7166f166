using System;

namespace ModelGen.Tests.Harness;

internal static class Numbers
{
    public static float[] RandomNormal(Random random, int count, double scale = 1.0)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            // Box-Muller: enough for test data.
            double u = 1.0 - random.NextDouble(), v = random.NextDouble();
            values[i] = (float)(scale * Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v));
        }

        return values;
    }

    /// <summary>Fails with the first index where <paramref name="actual"/> differs from <paramref name="expected"/> by more than the tolerance.</summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double tolerance, string context)
    {
        Xunit.Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            if (!(error <= tolerance))
            {
                Xunit.Assert.Fail($"{context}: element {i} is {actual[i]:R}, expected {expected[i]:R} (error {error:E2} > {tolerance:E0})");
            }
        }
    }
}
