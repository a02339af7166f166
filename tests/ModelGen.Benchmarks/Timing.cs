using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace ModelGen.Benchmarks;

internal sealed record Contender(string Name, Action Call);

/// <summary>Microseconds per call over timed batches of calls: median, 10th and 90th percentiles.</summary>
internal readonly record struct Stats(double Median, double P10, double P90, int Batches, int CallsPerBatch);

/// <summary>
/// Latency measurement shared by the benchmark modes: each contender is warmed up (so the JIT has reached its final
/// tier), then timed in batches of calls of about <see cref="BatchMilliseconds"/> each. Several contenders are timed
/// round-robin, one batch each per round, so a change of machine load hits all of them alike.
/// </summary>
internal static class Timing
{
    private const double BatchMilliseconds = 2.0;

    public static Stats[] Interleaved(IReadOnlyList<Contender> contenders, double warmupSeconds, double seconds, int minimumBatches = 100)
    {
        int[] callsPerBatch = new int[contenders.Count];
        for (int c = 0; c < contenders.Count; c++)
        {
            Action call = contenders[c].Call;
            long calls = 0;
            long start = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(start).TotalSeconds < warmupSeconds)
            {
                call();
                calls++;
            }

            double microseconds = Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls;
            callsPerBatch[c] = Math.Max(1, (int)(BatchMilliseconds * 1000 / microseconds));
        }

        var samples = new List<double>[contenders.Count];
        for (int c = 0; c < contenders.Count; c++)
        {
            samples[c] = [];
        }

        long begin = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(begin).TotalSeconds < seconds || samples[0].Count < minimumBatches)
        {
            for (int c = 0; c < contenders.Count; c++)
            {
                Action call = contenders[c].Call;
                int n = callsPerBatch[c];
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < n; i++)
                {
                    call();
                }

                samples[c].Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds / n);
            }
        }

        var stats = new Stats[contenders.Count];
        for (int c = 0; c < contenders.Count; c++)
        {
            stats[c] = Summarize(samples[c], callsPerBatch[c]);
        }

        return stats;
    }

    public static Stats Measure(Action call, double warmupSeconds, double seconds, int minimumBatches = 30) =>
        Interleaved([new Contender("", call)], warmupSeconds, seconds, minimumBatches)[0];

    public static Stats Summarize(List<double> samples, int callsPerBatch)
    {
        double[] sorted = samples.OrderBy(x => x).ToArray();
        double Percentile(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Round(p * (sorted.Length - 1)))];
        return new Stats(Percentile(0.5), Percentile(0.1), Percentile(0.9), sorted.Length, callsPerBatch);
    }
}

internal static class Machine
{
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public static string CpuName()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
