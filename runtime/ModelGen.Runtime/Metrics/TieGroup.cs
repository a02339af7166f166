using System;

namespace ModelGen.Metrics;

/// <summary>Samples that share one score: a single threshold of the ROC curve.</summary>
/// <param name="Score">The shared score.</param>
/// <param name="Positives">How many of them are labelled 1.</param>
/// <param name="Negatives">How many of them are labelled 0.</param>
/// <param name="Start">Where the group starts in <see cref="RankedSamples.Keys"/>.</param>
internal readonly record struct TieGroup(float Score, int Positives, int Negatives, int Start)
{
    public int Count => Positives + Negatives;
}

/// <summary>Walks the tie groups of sorted keys from the highest score to the lowest.</summary>
internal ref struct TieGroupEnumerator
{
    private readonly ReadOnlySpan<ulong> keys;
    private int end;

    public TieGroupEnumerator(ReadOnlySpan<ulong> keys)
    {
        this.keys = keys;
        end = keys.Length;
    }

    public TieGroup Current { get; private set; }

    public readonly TieGroupEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (end == 0)
        {
            return false;
        }

        uint score = (uint)(keys[end - 1] >> 32);
        int start = end - 1;
        int positives = (int)(keys[start] & 1);
        while (start > 0 && (uint)(keys[start - 1] >> 32) == score)
        {
            start--;
            positives += (int)(keys[start] & 1);
        }

        Current = new TieGroup(RankedSamples.Score(keys[start]), positives, end - start - positives, start);
        end = start;
        return true;
    }
}
