using System;
using System.Buffers;

namespace ModelGen.Metrics;

/// <summary>
/// One column of scores with its 0/1 labels, sorted by score. Each sample is packed into one <see cref="ulong"/>:
/// the score's order-preserving bits on top, then the sample index, then the label in the lowest bit, so a single
/// sort of plain integers ranks the samples and every tie group still knows its labels and sample indices.
/// </summary>
internal ref struct RankedSamples
{
    // Below this many samples a comparison sort beats the radix sort's fixed cost of clearing its histograms.
    private const int RadixSortThreshold = 1024;
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;

    private ulong[]? rented;
    private readonly int count;

    private RankedSamples(ulong[] rented, int count, int positives)
    {
        this.rented = rented;
        this.count = count;
        Positives = positives;
    }

    /// <summary>Samples whose label is 1.</summary>
    public int Positives { get; }

    /// <summary>Samples whose label is 0.</summary>
    public readonly int Negatives => count - Positives;

    /// <summary>The packed samples in ascending order of score.</summary>
    public readonly ReadOnlySpan<ulong> Keys => rented.AsSpan(0, count);

    /// <summary>
    /// Ranks <paramref name="count"/> samples read from <paramref name="scores"/> and <paramref name="labels"/> at
    /// <c>first + i * stride</c>. The caller has already checked the values (no NaN scores, labels 0 or 1).
    /// </summary>
    public static RankedSamples Rank(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, int first, int stride, int count)
    {
        // Twice the length: the radix sort moves keys between two halves.
        ulong[] buffer = ArrayPool<ulong>.Shared.Rent(Math.Max(1, 2 * count));
        Span<ulong> keys = buffer.AsSpan(0, count);
        int positives = 0;
        for (int i = 0, at = first; i < count; i++, at += stride)
        {
            uint label = labels[at] != 0f ? 1u : 0u;
            positives += (int)label;
            keys[i] = ((ulong)OrderableBits(scores[at]) << 32) | ((ulong)(uint)i << 1) | label;
        }

        if (count < RadixSortThreshold)
        {
            keys.Sort();
        }
        else if (SortByScore(keys, buffer.AsSpan(count, count)))
        {
            buffer.AsSpan(count, count).CopyTo(keys);
        }

        return new RankedSamples(buffer, count, positives);
    }

    /// <summary>Checks one binary problem's scores and labels (lengths, NaN, 0/1) and ranks them.</summary>
    public static RankedSamples CheckAndRank(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        SampleChecks.ScoresAndLabels(scores, labels, labelCount: 1);
        return Rank(scores, labels, 0, 1, scores.Length);
    }

    /// <summary>The tie groups from the highest score to the lowest, as scikit-learn walks its thresholds.</summary>
    public readonly TieGroupEnumerator Descending() => new(Keys);

    /// <summary>The sample index stored in a packed key.</summary>
    public static int SampleIndex(ulong key) => (int)((uint)key >> 1);

    /// <summary>Whether a packed key is a positive sample.</summary>
    public static bool IsPositive(ulong key) => (key & 1) != 0;

    /// <summary>The score a packed key was made from (negative zero comes back as zero).</summary>
    public static float Score(ulong key)
    {
        uint bits = (uint)(key >> 32);
        return BitConverter.UInt32BitsToSingle((bits & 0x8000_0000u) != 0 ? bits & 0x7FFF_FFFFu : ~bits);
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (rented is not null)
        {
            ArrayPool<ulong>.Shared.Return(rented);
            rented = null;
        }
    }

    // Maps a float to an unsigned integer with the same order; -0 and +0 become one value so they tie, as in sklearn.
    private static uint OrderableBits(float score)
    {
        uint bits = score == 0f ? 0u : BitConverter.SingleToUInt32Bits(score);
        return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
    }

    // Stable LSD radix sort on the 32 score bits only (the index bits below are already in order), in three passes of
    // at most 11 bits. Returns true when the sorted keys ended up in the scratch half.
    private static bool SortByScore(Span<ulong> keys, Span<ulong> scratch)
    {
        const int Passes = 3;
        Span<int> counts = stackalloc int[Passes * Buckets];
        foreach (ulong key in keys)
        {
            for (int pass = 0; pass < Passes; pass++)
            {
                counts[pass * Buckets + Digit(key, pass)]++;
            }
        }

        bool inScratch = false;
        for (int pass = 0; pass < Passes; pass++)
        {
            Span<int> offsets = counts.Slice(pass * Buckets, Buckets);
            Span<ulong> from = inScratch ? scratch : keys;
            if (offsets[Digit(from[0], pass)] == from.Length)
            {
                continue; // every key has the same digit here: the pass would not move anything
            }

            int total = 0;
            for (int b = 0; b < Buckets; b++)
            {
                int c = offsets[b];
                offsets[b] = total;
                total += c;
            }

            Span<ulong> to = inScratch ? keys : scratch;
            foreach (ulong key in from)
            {
                to[offsets[Digit(key, pass)]++] = key;
            }

            inScratch = !inScratch;
        }

        return inScratch;
    }

    private static int Digit(ulong key, int pass) => (int)(key >> (32 + pass * DigitBits)) & (Buckets - 1);
}
