using System;
using System.Threading.Tasks;

namespace ModelGen;

/// <summary>Runs a model over a data set in parallel chunks, collecting probabilities and the mean loss from logits.</summary>
internal static class PredictionPass
{
    private const int ChunkSize = 256;

    /// <summary>Writes each sample's probabilities into <paramref name="probabilities"/>; returns the mean loss as PyTorch reduces it.</summary>
    public static double Run(ITrainableModel model, TrainingData data, float[] probabilities, int threads)
    {
        int count = data.Count, outputs = model.OutputLength;
        int chunks = (count + ChunkSize - 1) / ChunkSize;
        var losses = new double[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, chunk =>
        {
            var gradient = new float[outputs];
            int end = Math.Min(count, (chunk + 1) * ChunkSize);
            double loss = 0;
            for (int i = chunk * ChunkSize; i < end; i++)
            {
                Span<float> logits = probabilities.AsSpan(i * outputs, outputs);
                model.ComputeLogits(data.Input(i), logits);
                ReadOnlySpan<float> target = data.Target(i);
                loss += model.Task == ModelTask.MultiClass
                    ? Losses.SoftmaxCrossEntropy(logits, (int)target[0], gradient, 0f)
                    : Losses.BinaryCrossEntropyWithLogits(logits, target, gradient, 0f);
                Internal.Heads.Apply(model.Task, logits);
            }

            losses[chunk] = loss;
        });

        // Summing chunk losses in order keeps the result independent of scheduling.
        double total = 0;
        foreach (double loss in losses)
        {
            total += loss;
        }

        return total / ((double)count * (model.Task == ModelTask.MultiClass ? 1 : outputs));
    }

    /// <summary>Top-1 accuracy for MultiClass; the fraction of decisions at 0.5 that are right otherwise.</summary>
    public static double Accuracy(ModelTask task, ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets, int outputs)
    {
        int count = probabilities.Length / outputs, correct = 0, decisions = 0;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> p = probabilities.Slice(i * outputs, outputs);
            if (task == ModelTask.MultiClass)
            {
                int best = 0;
                for (int k = 1; k < outputs; k++)
                {
                    if (p[k] > p[best])
                    {
                        best = k;
                    }
                }

                correct += best == (int)targets[i] ? 1 : 0;
                decisions++;
            }
            else
            {
                for (int k = 0; k < outputs; k++)
                {
                    correct += (p[k] >= 0.5f) == (targets[(i * outputs) + k] >= 0.5f) ? 1 : 0;
                    decisions++;
                }
            }
        }

        return (double)correct / decisions;
    }
}
