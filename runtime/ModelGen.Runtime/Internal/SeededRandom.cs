using System;
using System.ComponentModel;

namespace ModelGen.Internal;

/// <summary>
/// A small deterministic generator (xoshiro128** seeded through SplitMix64), so that equal seeds give equal
/// weights on every machine and runtime. Used by generated code; not meant for cryptography.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct SeededRandom
{
    private uint _s0, _s1, _s2, _s3;

    /// <summary>Starts the sequence for <paramref name="seed"/>.</summary>
    public SeededRandom(int seed)
    {
        ulong x = unchecked((ulong)(long)seed);
        _s0 = (uint)SplitMix64(ref x);
        _s1 = (uint)SplitMix64(ref x);
        _s2 = (uint)SplitMix64(ref x);
        _s3 = (uint)SplitMix64(ref x);
    }

    /// <summary>The generator's state, to save and restore a sequence (checkpoints).</summary>
    public (uint, uint, uint, uint) State
    {
        readonly get => (_s0, _s1, _s2, _s3);
        set => (_s0, _s1, _s2, _s3) = value;
    }

    /// <summary>The next 32 random bits.</summary>
    public uint NextUInt32()
    {
        uint result = BitRotate(_s1 * 5, 7) * 9;
        uint t = _s1 << 9;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitRotate(_s3, 11);
        return result;
    }

    /// <summary>A float uniformly distributed in [0, 1), with 24 random bits.</summary>
    public float NextSingle() => (NextUInt32() >> 8) * (1.0f / (1 << 24));

    private static uint BitRotate(uint value, int count) => (value << count) | (value >> (32 - count));

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
