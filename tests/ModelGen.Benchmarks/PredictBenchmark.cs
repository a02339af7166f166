using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace ModelGen.Benchmarks;

/// <summary>
/// The reference CNN's <c>Predict</c> alone in a loop, as an application calls it, with no peer between the timed
/// batches (the infer benchmark interleaves ONNX Runtime's batches with ours, and there a change to one layer can
/// move ModelGen's figure less than it moves here). Weights and inputs as in the infer benchmark (<see cref="InferenceSetup"/>).
/// </summary>
internal static class PredictBenchmark
{
    private const int Images = 64;
    private const int CallsPerBatch = 1000;

    public static int Run(double seconds)
    {
        Console.WriteLine($"Reference CNN, Predict alone, one thread; ModelGen path {ReferenceCnn.ActiveInstructionSet}; CPU: {Machine.CpuName()}; load average before: {Machine.LoadAverage()}");
        (ReferenceCnn model, float[] images) = InferenceSetup.Load(Images);
        float[] output = new float[ReferenceCnn.OutputLength];
        var perCall = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds || perCall.Count < 20)
        {
            long start = Stopwatch.GetTimestamp();
            for (int n = 0; n < CallsPerBatch; n++)
            {
                model.Predict(images.AsSpan(n % Images * ReferenceCnn.InputLength, ReferenceCnn.InputLength), output);
            }

            perCall.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds / CallsPerBatch);
        }

        perCall.Sort();
        Console.WriteLine(FormattableString.Invariant($"Predict, {Images} images in turn: median {perCall[perCall.Count / 2]:0.00} µs, p10 {perCall[perCall.Count / 10]:0.00} µs over {perCall.Count} batches of {CallsPerBatch} calls"));
        return 0;
    }
}
