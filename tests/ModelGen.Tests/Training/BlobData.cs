using System;

namespace ModelGen.Tests.Training;

/// <summary>12x12 noise images; half of them carry a faint bright blob somewhere. Label 1 = blob present.</summary>
internal static class BlobData
{
    public static TrainingData Make(int count, int seed)
    {
        var random = new Random(seed);
        var inputs = new float[count * 144];
        var targets = new float[count];
        for (int n = 0; n < count; n++)
        {
            Span<float> image = inputs.AsSpan(n * 144, 144);
            for (int i = 0; i < 144; i++)
            {
                image[i] = (float)(random.NextDouble() - 0.5);
            }

            if (random.Next(2) == 1)
            {
                targets[n] = 1;
                int cy = random.Next(3, 9), cx = random.Next(3, 9);
                for (int y = 0; y < 12; y++)
                {
                    for (int x = 0; x < 12; x++)
                    {
                        double d2 = ((y - cy) * (y - cy)) + ((x - cx) * (x - cx));
                        image[(y * 12) + x] += (float)(0.8 * Math.Exp(-d2 / 3.0));
                    }
                }
            }
        }

        return BlobNet.CreateData(inputs, targets);
    }

    /// <summary>AUROC by counting pairs: plain and slow, independent of the library's implementation.</summary>
    public static double PairwiseAuroc(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (labels[i] != 1)
            {
                continue;
            }

            for (int j = 0; j < scores.Length; j++)
            {
                if (labels[j] != 0)
                {
                    continue;
                }

                pairs++;
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
            }
        }

        return wins / pairs;
    }
}
