using ModelGen.Internal;

namespace ModelGen.Data;

/// <summary>Draws from a <see cref="SeededRandom"/> with integer and IEEE-exact arithmetic only, so data sets are bit-identical on every machine.</summary>
internal static class RandomSampling
{
    /// <summary>A float uniformly distributed in [<paramref name="minimum"/>, <paramref name="maximum"/>).</summary>
    public static float Uniform(this ref SeededRandom random, float minimum, float maximum) => minimum + ((maximum - minimum) * random.NextSingle());

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    public static bool Chance(this ref SeededRandom random, float probability) => random.NextSingle() < probability;

    /// <summary>An integer uniformly distributed in [0, <paramref name="count"/>).</summary>
    public static int Below(this ref SeededRandom random, int count) => (int)(((ulong)random.NextUInt32() * (ulong)count) >> 32);

    /// <summary>Roughly standard normal: the centred sum of four uniform bytes (Irwin-Hall), cheap and without logarithms.</summary>
    public static float Normal(this ref SeededRandom random)
    {
        uint bits = random.NextUInt32();
        uint sum = (bits & 0xFF) + ((bits >> 8) & 0xFF) + ((bits >> 16) & 0xFF) + (bits >> 24);
        const float Scale = 1.7320508f / 255f; // sqrt(3): the sum of four uniforms on [0, 1] has variance 1/3
        return (sum - 510f) * Scale;
    }
}
