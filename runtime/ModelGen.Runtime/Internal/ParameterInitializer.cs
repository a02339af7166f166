using System;
using System.ComponentModel;

namespace ModelGen.Internal;

/// <summary>PyTorch's default initialisation for Conv2d and Linear, drawn from a <see cref="SeededRandom"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ParameterInitializer
{
    /// <summary>
    /// Fills <paramref name="destination"/> from uniform(-1/sqrt(fanIn), 1/sqrt(fanIn)). That is PyTorch's default for
    /// biases, and also for weights: kaiming_uniform with a = sqrt(5) gives gain sqrt(1/3) and bound
    /// sqrt(3) * gain / sqrt(fanIn) = 1/sqrt(fanIn).
    /// </summary>
    public static void FanInUniform(Span<float> destination, int fanIn, ref SeededRandom random)
    {
        float bound = 1f / MathF.Sqrt(fanIn);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (2f * random.NextSingle() - 1f) * bound;
        }
    }
}
