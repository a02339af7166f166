using System;
using System.Runtime.CompilerServices;
using System.Numerics;
using System.Threading.Tasks;

namespace ModelGen;

/// <summary>One training step for any generated model, on one thread or several.</summary>
public static partial class ModelTrainer
{
    /// <summary>
    /// Forward, loss, backward and one optimizer step on a mini-batch; returns the mean loss, reduced as PyTorch
    /// does. If the loss or a gradient is NaN or infinite, the parameters are left unchanged and the returned loss is
    /// not finite. With several threads the batch is split into contiguous parts, one per thread, whose gradients are
    /// added in thread order, so a given thread count always gives the same result; one thread gives exactly the
    /// result of processing the batch in order.
    /// </summary>
    public static float TrainBatch<TModel>(TModel model, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, TrainingWorkspace workspace)
        where TModel : ITrainableModel
    {
        ArgumentNullException.ThrowIfNull(workspace);
        int batch = CheckBatch(model, inputs, targets);
        int perSample = model.Task == ModelTask.MultiClass ? 1 : model.OutputLength;
        float scale = 1f / ((float)batch * perSample);
        double lossSum = AccumulateGradients(model, inputs, targets, workspace, batch, scale);
        float meanLoss = (float)(lossSum / ((double)batch * perSample));
        float[] gradients = workspace.Gradients(0);
        if (!float.IsFinite(meanLoss) || !AllFinite(gradients))
        {
            return float.IsFinite(meanLoss) ? float.NaN : meanLoss;
        }

        model.ApplyGradients(gradients);
        return meanLoss;
    }

    /// <summary>Checks lengths and target values; returns the number of samples.</summary>
    internal static int CheckBatch<TModel>(TModel model, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
        where TModel : ITrainableModel
    {
        string name = model.GetType().Name;
        if (inputs.Length == 0 || inputs.Length % model.InputLength != 0)
        {
            throw new ArgumentException(
                $"{name} expects inputs to hold one or more whole samples of {model.InputLength} floats (InputLength), but the span has {inputs.Length}.", nameof(inputs));
        }

        int batch = inputs.Length / model.InputLength;
        if (targets.Length != batch * model.TargetLength)
        {
            throw new ArgumentException(
                $"{name} expects {batch * model.TargetLength} target floats for {batch} samples of TargetLength {model.TargetLength}, but the span has {targets.Length}.", nameof(targets));
        }

        TargetValidation.Check(model.Task, model.OutputLength, targets, nameof(targets));
        return batch;
    }

    private static double AccumulateGradients<TModel>(
        TModel model, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, TrainingWorkspace workspace, int batch, float scale)
        where TModel : ITrainableModel
    {
        int workers = Math.Min(workspace.Threads, batch);
        workspace.Gradients(0).AsSpan().Clear();
        return workers <= 1
            ? model.AccumulateGradients(inputs, targets, workspace.Gradients(0), workspace.Arena(0), scale)
            : AccumulateGradientsInParallel(model, inputs, targets, workspace, batch, scale, workers);
    }

    // Kept apart so the single-thread path does not allocate the lambda's closure.
    private static unsafe double AccumulateGradientsInParallel<TModel>(
        TModel model, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, TrainingWorkspace workspace, int batch, float scale, int workers)
        where TModel : ITrainableModel
    {
        int inputLength = model.InputLength, targetLength = model.TargetLength;
        var losses = new double[workers];
        fixed (float* inputPointer = inputs)
        fixed (float* targetPointer = targets)
        {
            // Spans cannot enter a lambda; both buffers stay pinned until Parallel.For returns.
            nint inputAddress = (nint)inputPointer, targetAddress = (nint)targetPointer;
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
            {
                int first = (int)((long)batch * worker / workers);
                int count = (int)((long)batch * (worker + 1) / workers) - first;
                var part = new ReadOnlySpan<float>((float*)inputAddress + ((long)first * inputLength), count * inputLength);
                var partTargets = new ReadOnlySpan<float>((float*)targetAddress + ((long)first * targetLength), count * targetLength);
                float[] gradients = workspace.Gradients(worker);
                if (worker > 0)
                {
                    gradients.AsSpan().Clear();
                }

                losses[worker] = model.AccumulateGradients(part, partTargets, gradients, workspace.Arena(worker), scale);
            });
        }

        // A fixed reduction order keeps results reproducible for a given thread count.
        Span<float> total = workspace.Gradients(0);
        double loss = losses[0];
        for (int worker = 1; worker < workers; worker++)
        {
            Add(total, workspace.Gradients(worker));

            loss += losses[worker];
        }

        return loss;
    }

    // The reduction and the check below run on one thread between parallel parts of every step, so they are vectorised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Add(Span<float> total, ReadOnlySpan<float> part)
    {
        int i = 0;
        for (; i <= total.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            (new Vector<float>(total[i..]) + new Vector<float>(part[i..])).CopyTo(total[i..]);
        }

        for (; i < total.Length; i++)
        {
            total[i] += part[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        // x - x is 0 for a finite x and NaN for an infinite or NaN one; the sum of those stays 0 only if all are finite.
        Vector<float> sum = Vector<float>.Zero;
        int i = 0;
        for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var value = new Vector<float>(values[i..]);
            sum += value - value;
        }

        float rest = 0;
        for (; i < values.Length; i++)
        {
            rest += values[i] - values[i];
        }

        return Vector.EqualsAll(sum, Vector<float>.Zero) && rest == 0;
    }
}
