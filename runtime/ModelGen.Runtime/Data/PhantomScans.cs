using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using ModelGen.Internal;

namespace ModelGen.Data;

/// <summary>
/// A synthetic data set that needs no download: CT-like chest slices (grayscale, 1 x size x size, pixels in [0, 1]) with a
/// body of varying size and position, two textured lungs with vessels, the heart, the aorta and a vertebra, in which
/// findings are drawn independently: round nodules (radius 1.5 to 4 pixels at 64x64, some faint), larger lobulated masses,
/// a fluid level at the bottom of a lung (effusion), and a wider heart (cardiomegaly). Every slice comes from its own seed,
/// drawn from the data set's seed, so the same arguments give the same bits on every machine, and a longer set begins
/// with the slices of a shorter one.
/// </summary>
public static class PhantomScans
{
    /// <summary>The default side of a slice, in pixels.</summary>
    public const int DefaultSize = 64;

    /// <summary>The smallest side a slice may have.</summary>
    public const int MinimumSize = 16;

    /// <summary>The largest side a slice may have.</summary>
    public const int MaximumSize = 4096;

    /// <summary>The findings, in the order of <see cref="MultiLabel"/>'s targets.</summary>
    public static IReadOnlyList<string> LabelNames { get; } = ["nodule", "mass", "effusion", "cardiomegaly"];

    /// <summary>How often each finding is present, in the order of <see cref="LabelNames"/>; each is drawn independently.</summary>
    public static IReadOnlyList<float> Prevalences { get; } = [0.4f, 0.3f, 0.3f, 0.3f];

    /// <summary>
    /// <paramref name="count"/> slices with one target each: 1 when at least one nodule is present, else 0
    /// (the other findings still appear, as distractors). The same slices as <see cref="MultiLabel"/> with the same arguments.
    /// </summary>
    public static TrainingData Binary(int count, int seed = 0, int size = DefaultSize)
    {
        (float[] pixels, float[] findings) = Generate(count, seed, size);
        var nodules = new float[count];
        for (int i = 0; i < count; i++)
        {
            nodules[i] = findings[i * LabelNames.Count];
        }

        return new TrainingData(pixels, nodules, size * size, 1);
    }

    /// <summary><paramref name="count"/> slices with four targets each, 0 or 1: nodule, mass, effusion, cardiomegaly.</summary>
    public static TrainingData MultiLabel(int count, int seed = 0, int size = DefaultSize)
    {
        (float[] pixels, float[] findings) = Generate(count, seed, size);
        return new TrainingData(pixels, findings, size * size, LabelNames.Count);
    }

    private static (float[] Pixels, float[] Findings) Generate(int count, int seed, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, MinimumSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaximumSize);
        int pixelsPerSlice = size * size;
        if ((long)count * pixelsPerSlice > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"{count} slices of {size}x{size} are more pixels than an array can hold.");
        }

        var seeds = new int[count];
        var random = new SeededRandom(seed);
        for (int i = 0; i < count; i++)
        {
            seeds[i] = (int)random.NextUInt32();
        }

        var pixels = new float[count * pixelsPerSlice];
        var findings = new float[count * LabelNames.Count];
        Parallel.For(
            0,
            count,
            () => new PhantomScanPainter(size),
            (i, _, painter) =>
            {
                painter.Paint(seeds[i], pixels.AsSpan(i * pixelsPerSlice, pixelsPerSlice), findings.AsSpan(i * LabelNames.Count, LabelNames.Count));
                return painter;
            },
            _ => { });
        return (pixels, findings);
    }
}
