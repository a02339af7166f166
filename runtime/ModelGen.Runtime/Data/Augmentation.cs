using System;
using ModelGen.Internal;

namespace ModelGen.Data;

/// <summary>
/// Augmentation for CHW images that a scan user expects: mirror flips and small shifts with zero fill. Deterministic
/// from a seed; targets are shared, not copied. For a new variant every epoch, call it with a new seed per epoch.
/// </summary>
public static class Augmentation
{
    /// <summary>
    /// A copy of <paramref name="data"/> in which every image is flipped left-right and up-down, each with probability
    /// 1/2 where enabled, then shifted by a whole number of pixels from -<paramref name="maxShift"/> to
    /// +<paramref name="maxShift"/> down and right (uniformly, independently), the uncovered border filled with zeros
    /// (after standardisation, the mean). The same seed gives the same copy on every machine.
    /// </summary>
    public static TrainingData FlipsAndShifts(
        TrainingData data, int channels, int height, int width, int maxShift, int seed, bool horizontalFlips = true, bool verticalFlips = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckShape(data.InputLength, channels, height, width, nameof(data));
        if (maxShift < 0 || maxShift >= Math.Min(height, width))
        {
            throw new ArgumentOutOfRangeException(nameof(maxShift), maxShift, $"The largest shift must be from 0 to {Math.Min(height, width) - 1} for {height}x{width} images.");
        }

        var random = new SeededRandom(seed);
        var inputs = new float[data.Inputs.Length];
        for (int i = 0; i < data.Count; i++)
        {
            // Four draws per sample whatever is enabled, so turning a flip off leaves the shifts as they were.
            bool flipHorizontally = random.Chance(0.5f) && horizontalFlips;
            bool flipVertically = random.Chance(0.5f) && verticalFlips;
            int shiftDown = random.Below((2 * maxShift) + 1) - maxShift;
            int shiftRight = random.Below((2 * maxShift) + 1) - maxShift;
            FlipAndShift(
                data.Input(i), inputs.AsSpan(i * data.InputLength, data.InputLength), channels, height, width, flipHorizontally, flipVertically, shiftDown, shiftRight);
        }

        return new TrainingData(inputs, data.Targets, data.InputLength, data.TargetLength);
    }

    /// <summary>
    /// Writes to <paramref name="destination"/> the CHW image <paramref name="source"/>, mirrored as asked, then moved
    /// <paramref name="shiftDown"/> pixels down and <paramref name="shiftRight"/> right (negative: up, left), with zeros
    /// where nothing lands. The two spans must not overlap.
    /// </summary>
    public static void FlipAndShift(
        ReadOnlySpan<float> source, Span<float> destination, int channels, int height, int width,
        bool flipHorizontally, bool flipVertically, int shiftDown, int shiftRight)
    {
        CheckShape(source.Length, channels, height, width, nameof(source));
        if (destination.Length != source.Length || source.Overlaps(destination))
        {
            throw new ArgumentException($"The destination must hold {source.Length} values, apart from the source; it holds {destination.Length}.", nameof(destination));
        }

        destination.Clear();
        int first = Math.Max(0, shiftRight), end = Math.Min(width, width + shiftRight);
        if (end <= first)
        {
            return;
        }

        for (int c = 0; c < channels; c++)
        {
            for (int y = Math.Max(0, shiftDown); y < Math.Min(height, height + shiftDown); y++)
            {
                int sourceRow = flipVertically ? height - 1 - (y - shiftDown) : y - shiftDown;
                ReadOnlySpan<float> row = source.Slice(((c * height) + sourceRow) * width, width);
                Span<float> target = destination.Slice((((c * height) + y) * width) + first, end - first);

                // Output column x shows flipped column x - shiftRight, that is source column x - shiftRight, or its mirror.
                if (flipHorizontally)
                {
                    row.Slice(width - end + shiftRight, end - first).CopyTo(target);
                    target.Reverse();
                }
                else
                {
                    row.Slice(first - shiftRight, end - first).CopyTo(target);
                }
            }
        }
    }

    private static void CheckShape(int length, int channels, int height, int width, string parameter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if ((long)channels * height * width != length)
        {
            throw new ArgumentException($"A {channels}x{height}x{width} image has {(long)channels * height * width} values but a sample here has {length}.", parameter);
        }
    }
}
