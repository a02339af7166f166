using System;

namespace ModelGen.Data;

/// <summary>Turns RGBA pixels into the CHW planes a model reads: one grayscale plane, or R, G and B planes.</summary>
internal static class ChannelLayout
{
    public static void ToChw(ReadOnlySpan<float> rgba, int channels, Span<float> destination)
    {
        int pixels = rgba.Length / 4;
        for (int p = 0; p < pixels; p++)
        {
            float r = rgba[p * 4], g = rgba[(p * 4) + 1], b = rgba[(p * 4) + 2];
            if (channels == 1)
            {
                // ITU-R BT.601 luma, as PIL's convert("L"); gray pixels are kept exactly rather than re-weighted.
                destination[p] = r == g && g == b ? r : (0.299f * r) + (0.587f * g) + (0.114f * b);
            }
            else
            {
                destination[p] = r;
                destination[pixels + p] = g;
                destination[(2 * pixels) + p] = b;
            }
        }
    }
}
