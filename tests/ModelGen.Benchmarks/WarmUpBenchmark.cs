using System;
using System.Diagnostics;
using System.Linq;

namespace ModelGen.Benchmarks;

/// <summary>
/// How long a fresh model in a fresh process takes to reach its steady TrainBatch(32) speed: the first call compiles
/// the kernels, and any method left to tiered compilation runs unoptimised code for its first calls. Fit's samples/s
/// (and so the train benchmark's ratio to PyTorch) include this.
/// </summary>
internal static class WarmUpBenchmark
{
    private const int Batch = 32;

    public static int Run(int batches)
    {
        if (batches < 400)
        {
            Console.Error.WriteLine("warmup needs at least 400 batches: it reports batches 101-400 and takes the steady time from the second half.");
            return 2;
        }

        var model = new ReferenceCnn(seed: 0) { Optimizer = new Sgd(0.01f, momentum: 0.9f) };
        var random = new Random(1);
        float[] inputs = Enumerable.Range(0, Batch * ReferenceCnn.InputLength).Select(_ => random.NextSingle()).ToArray();
        float[] targets = Enumerable.Range(0, Batch).Select(i => (float)(i % ReferenceCnn.OutputLength)).ToArray();
        var times = new double[batches];
        for (int b = 0; b < batches; b++)
        {
            long start = Stopwatch.GetTimestamp();
            model.TrainBatch(inputs, targets);
            times[b] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        double steady = times.Skip(batches / 2).Order().ElementAt((batches - (batches / 2)) / 2);
        double extra = times.Take(400).Sum(t => t - steady);
        Console.WriteLine($"ReferenceCnn TrainBatch({Batch}) in a fresh process, one thread, path {ReferenceCnn.ActiveInstructionSet}:");
        Console.WriteLine(FormattableString.Invariant(
            $"first {times[0]:0.0} ms, second {times[1]:0.00} ms, third {times[2]:0.00} ms; batches 4-100 median {Median(times[3..100]):0.000} ms, 101-400 {Median(times[100..400]):0.000} ms; steady (median of the second half) {steady:0.000} ms"));
        Console.WriteLine(FormattableString.Invariant($"time above steady in the first 400 batches: {extra:0} ms"));
        return 0;
    }

    private static double Median(double[] values) => values.Order().ElementAt(values.Length / 2);
}
