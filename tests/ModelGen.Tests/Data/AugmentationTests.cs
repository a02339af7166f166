using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Data;
using Xunit;

namespace ModelGen.Tests.Data;

public sealed class AugmentationTests
{
    private const int Channels = 2, Height = 3, Width = 4;

    private static float[] Image(int seed) => Enumerable.Range(0, Channels * Height * Width).Select(i => (float)((i * 7) + (seed * 1000) + 1)).ToArray();

    /// <summary>The transform pixel by pixel: output (c, y, x) shows the flipped image at (y - down, x - right), or 0.</summary>
    private static float[] Reference(float[] source, bool flipH, bool flipV, int down, int right)
    {
        var result = new float[source.Length];
        for (int c = 0; c < Channels; c++)
        {
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                {
                    int sy = y - down, sx = x - right;
                    if (sy >= 0 && sy < Height && sx >= 0 && sx < Width)
                    {
                        result[(((c * Height) + y) * Width) + x] = source[(((c * Height) + (flipV ? Height - 1 - sy : sy)) * Width) + (flipH ? Width - 1 - sx : sx)];
                    }
                }
            }
        }

        return result;
    }

    private static IEnumerable<(bool FlipH, bool FlipV, int Down, int Right)> EveryTransform(int maxDown = Height, int maxRight = Width)
    {
        foreach (bool flipH in new[] { false, true })
        {
            foreach (bool flipV in new[] { false, true })
            {
                for (int down = -maxDown; down <= maxDown; down++)
                {
                    for (int right = -maxRight; right <= maxRight; right++)
                    {
                        yield return (flipH, flipV, down, right);
                    }
                }
            }
        }
    }

    [Fact]
    public void FlipAndShift_moves_every_pixel_where_the_reference_does_for_every_flip_and_shift()
    {
        float[] source = Image(0);
        foreach (var (flipH, flipV, down, right) in EveryTransform())
        {
            float[] destination = Enumerable.Repeat(-1f, source.Length).ToArray();
            Augmentation.FlipAndShift(source, destination, Channels, Height, Width, flipH, flipV, down, right);
            Assert.True(
                Reference(source, flipH, flipV, down, right).SequenceEqual(destination),
                $"flipH {flipH}, flipV {flipV}, down {down}, right {right}: [{string.Join(", ", destination)}]");
        }
    }

    [Fact]
    public void FlipsAndShifts_applies_one_of_the_allowed_transforms_to_each_sample_deterministically()
    {
        const int Count = 400, MaxShift = 1;
        TrainingData data = Images(Count);
        TrainingData augmented = Augmentation.FlipsAndShifts(data, Channels, Height, Width, MaxShift, seed: 5);
        Assert.True(augmented.Inputs.Span.SequenceEqual(Augmentation.FlipsAndShifts(data, Channels, Height, Width, MaxShift, seed: 5).Inputs.Span));
        Assert.False(augmented.Inputs.Span.SequenceEqual(Augmentation.FlipsAndShifts(data, Channels, Height, Width, MaxShift, seed: 6).Inputs.Span));
        Assert.True(augmented.Targets.Span.SequenceEqual(data.Targets.Span));

        var seen = Enumerable.Range(0, Count).Select(i => Identify(i, augmented.Input(i).ToArray(), MaxShift)).ToList();
        Assert.Equal(4 * 3 * 3, seen.Distinct().Count()); // every combination of flips and shifts occurs
        Assert.InRange(seen.Count(t => t.FlipH), 160, 240);
        Assert.InRange(seen.Count(t => t.FlipV), 160, 240);
    }

    [Fact]
    public void Disabled_flips_and_no_shift_give_a_copy_and_disabling_flips_keeps_the_shifts()
    {
        TrainingData data = Images(50);
        TrainingData copy = Augmentation.FlipsAndShifts(data, Channels, Height, Width, maxShift: 0, seed: 1, horizontalFlips: false, verticalFlips: false);
        Assert.True(copy.Inputs.Span.SequenceEqual(data.Inputs.Span));

        TrainingData flipped = Augmentation.FlipsAndShifts(data, Channels, Height, Width, maxShift: 2, seed: 9);
        TrainingData unflipped = Augmentation.FlipsAndShifts(data, Channels, Height, Width, maxShift: 2, seed: 9, horizontalFlips: false, verticalFlips: false);
        for (int i = 0; i < 50; i++)
        {
            var withFlips = Identify(i, flipped.Input(i).ToArray(), 2);
            Assert.Equal((false, false, withFlips.Down, withFlips.Right), Identify(i, unflipped.Input(i).ToArray(), 2));
        }
    }

    [Fact]
    public void Shapes_and_shifts_that_do_not_fit_are_rejected()
    {
        var data = new TrainingData(new float[24], new float[] { 0 }, 24, 1);
        Assert.StartsWith(
            "A 1x3x4 image has 12 values but a sample here has 24.",
            Assert.Throws<ArgumentException>(() => Augmentation.FlipsAndShifts(data, 1, 3, 4, 1, 0)).Message,
            StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Augmentation.FlipsAndShifts(data, 2, 3, 4, 3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Augmentation.FlipsAndShifts(data, 2, 3, 4, -1, 0));
        float[] buffer = new float[24];
        Assert.Throws<ArgumentException>(() => Augmentation.FlipAndShift(buffer, buffer, 2, 3, 4, true, false, 0, 0));
        Assert.Throws<ArgumentException>(() => Augmentation.FlipAndShift(buffer, new float[12], 2, 3, 4, true, false, 0, 0));
    }

    private static TrainingData Images(int count) =>
        new(Enumerable.Range(0, count).SelectMany(Image).ToArray(), Enumerable.Range(0, count).Select(i => (float)(i % 2)).ToArray(), Channels * Height * Width, 1);

    /// <summary>The one transform within <paramref name="maxShift"/> that turns image <paramref name="index"/> into <paramref name="output"/>.</summary>
    private static (bool FlipH, bool FlipV, int Down, int Right) Identify(int index, float[] output, int maxShift) =>
        Assert.Single(EveryTransform(maxShift, maxShift), t => Reference(Image(index), t.FlipH, t.FlipV, t.Down, t.Right).SequenceEqual(output));
}
