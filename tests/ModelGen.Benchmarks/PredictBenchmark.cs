using System;

namespace ModelGen.Benchmarks;

/// <summary>
/// The reference CNN's <c>Predict</c> alone in a loop, as an application calls it, with no peer between the timed
/// batches (the infer benchmark interleaves ONNX Runtime's batches with ours, and there a change to one layer can
/// move ModelGen's figure less than it moves here). Weights and inputs as in the infer benchmark (<see cref="InferenceSetup"/>).
/// </summary>
internal static class PredictBenchmark
{
    private const int Images = 64;

    public static int Run(double seconds)
    {
        Console.WriteLine($"Reference CNN, Predict alone, one thread; ModelGen path {ReferenceCnn.ActiveInstructionSet}; CPU: {Machine.CpuName()}; load average before: {Machine.LoadAverage()}");
        (ReferenceCnn model, float[] images) = InferenceSetup.Load(Images);
        float[] output = new float[ReferenceCnn.OutputLength];
        int next = 0;
        Stats stats = Timing.Measure(() => model.Predict(images.AsSpan(next++ % Images * ReferenceCnn.InputLength, ReferenceCnn.InputLength), output), warmupSeconds: 1.0, seconds);
        Console.WriteLine(FormattableString.Invariant(
            $"Predict, {Images} images in turn: median {stats.Median:0.00} µs, p10 {stats.P10:0.00} µs, p90 {stats.P90:0.00} µs over {stats.Batches} batches of {stats.CallsPerBatch} calls"));
        return 0;
    }
}
