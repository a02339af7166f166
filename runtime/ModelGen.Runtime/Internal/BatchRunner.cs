using System;
using System.ComponentModel;
using System.Threading.Tasks;

namespace ModelGen.Internal;

/// <summary>Spreads a batch of independent predictions over the cores.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BatchRunner
{
    // Below this much work per batch, waking pool threads costs more than it saves.
    private const long ParallelFlopThreshold = 4_000_000;

    /// <summary>Runs <see cref="IModel.Predict"/> for every sample of the batch, in parallel when it pays.</summary>
    public static void PredictBatch<TModel>(
        TModel model, ReadOnlySpan<float> inputs, Span<float> outputs, int batch, long flopsPerSample)
        where TModel : IModel
    {
        int inputLength = model.InputLength;
        int outputLength = model.OutputLength;
        int workers = (int)Math.Min(Environment.ProcessorCount, batch);
        if (workers <= 1 || batch * flopsPerSample < ParallelFlopThreshold)
        {
            for (int i = 0; i < batch; i++)
            {
                model.Predict(inputs.Slice(i * inputLength, inputLength), outputs.Slice(i * outputLength, outputLength));
            }

            return;
        }

        PredictInParallel(model, inputs, outputs, batch, workers, inputLength, outputLength);
    }

    // Kept apart so the sequential path does not allocate the lambda's closure.
    private static unsafe void PredictInParallel<TModel>(
        TModel model, ReadOnlySpan<float> inputs, Span<float> outputs, int batch, int workers, int inputLength, int outputLength)
        where TModel : IModel
    {
        // Spans cannot enter a lambda; the buffers stay pinned until Parallel.For has returned.
        fixed (float* inputPointer = inputs)
        fixed (float* outputPointer = outputs)
        {
            nint inputAddress = (nint)inputPointer;
            nint outputAddress = (nint)outputPointer;
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
            {
                int first = (int)((long)batch * worker / workers);
                int end = (int)((long)batch * (worker + 1) / workers);
                for (int i = first; i < end; i++)
                {
                    var input = new ReadOnlySpan<float>((float*)inputAddress + (long)i * inputLength, inputLength);
                    var output = new Span<float>((float*)outputAddress + (long)i * outputLength, outputLength);
                    model.Predict(input, output);
                }
            });
        }
    }
}
