using System;
using System.Diagnostics;
using ModelGen.Metrics;

namespace ModelGen.Benchmarks;

/// <summary>
/// Times <see cref="Auroc.Binary"/> on scores rounded to three decimals (so about a thousand distinct values: many
/// ties), the data auroc_sklearn.py gives scikit-learn. Pinned to one core; best of several runs after a warm-up.
/// </summary>
internal static class AurocBenchmark
{
    private const int WarmUps = 3;
    private const int Runs = 10;

    public static void Run(int samples)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            Process.GetCurrentProcess().ProcessorAffinity = 1;
        }

        var (scores, labels) = TiedScores(samples, seed: 1);
        double auroc = 0;
        for (int i = 0; i < WarmUps; i++)
        {
            auroc = Auroc.Binary(scores, labels);
        }

        double best = double.MaxValue;
        for (int i = 0; i < Runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            auroc = Auroc.Binary(scores, labels);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        Console.WriteLine($"Auroc.Binary: {samples:N0} scores rounded to 3 decimals, one core, best of {Runs}: {best:F1} ms (AUROC {auroc:F6})");
    }

    // A positive's score is a noisy sigmoid shifted up, as a model's probabilities would be; prevalence 30%.
    private static (float[] Scores, float[] Labels) TiedScores(int samples, int seed)
    {
        var random = new Random(seed);
        var scores = new float[samples];
        var labels = new float[samples];
        for (int i = 0; i < samples; i++)
        {
            labels[i] = random.NextDouble() < 0.3 ? 1 : 0;
            double logit = NextNormal(random) + 1.2 * labels[i];
            scores[i] = (float)Math.Round(1 / (1 + Math.Exp(-logit)), 3);
        }

        return (scores, labels);
    }

    private static double NextNormal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
