using System;

namespace ModelGen.Tests.Harness;

internal static class Allocations
{
    /// <summary>
    /// Bytes allocated on this thread by <paramref name="action"/>, the least over several windows after a warm-up:
    /// the runtime may allocate once when it promotes a hot method to optimised code; a real per-call allocation shows
    /// in every window.
    /// </summary>
    public static long PerWindow(Action action, int warmup = 40, int calls = 5, int windows = 5)
    {
        for (int i = 0; i < warmup; i++)
        {
            action();
        }

        long least = long.MaxValue;
        for (int w = 0; w < windows; w++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
            {
                action();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
