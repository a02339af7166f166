using System;
using System.Runtime.CompilerServices;

namespace ModelGen;

/// <summary>
/// The losses of the three tasks, computed from logits so they stay finite where probabilities round to 0 or 1.
/// Each returns the loss summed over what it is given and writes d(loss)/d(logits) times a scale, which callers set
/// to PyTorch's mean reduction (1/batch for cross-entropy, 1/(batch*labels) for binary cross-entropy).
/// </summary>
public static class Losses
{
    /// <summary>
    /// Softmax cross-entropy for one sample (<c>torch.nn.CrossEntropyLoss</c> before reduction); writes
    /// (softmax - one_hot(target)) * <paramref name="gradientScale"/> into <paramref name="gradient"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SoftmaxCrossEntropy(ReadOnlySpan<float> logits, int target, Span<float> gradient, float gradientScale)
    {
        if ((uint)target >= (uint)logits.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, $"A class index must be in 0..{logits.Length - 1}.");
        }

        float max = logits[0];
        for (int i = 1; i < logits.Length; i++)
        {
            max = MathF.Max(max, logits[i]);
        }

        float sum = 0f;
        for (int i = 0; i < logits.Length; i++)
        {
            float e = MathF.Exp(logits[i] - max);
            gradient[i] = e;
            sum += e;
        }

        for (int i = 0; i < logits.Length; i++)
        {
            gradient[i] = ((gradient[i] / sum) - (i == target ? 1f : 0f)) * gradientScale;
        }

        // log-sum-exp - logit of the target, in double so the returned loss is as exact as the inputs allow.
        return Math.Log(sum) + max - logits[target];
    }

    /// <summary>
    /// Binary cross-entropy with logits for one sample's labels (<c>torch.nn.BCEWithLogitsLoss</c> before reduction);
    /// writes (sigmoid(z) - y) * <paramref name="gradientScale"/> into <paramref name="gradient"/>.
    /// </summary>
    public static double BinaryCrossEntropyWithLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> gradient, float gradientScale)
    {
        double loss = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            float z = logits[i], y = targets[i];
            // max(z, 0) - z*y + log(1 + exp(-|z|)) never overflows.
            loss += Math.Max(z, 0) - ((double)z * y) + Math.Log(1 + Math.Exp(-Math.Abs((double)z)));
            gradient[i] = (Sigmoid(z) - y) * gradientScale;
        }

        return loss;
    }

    /// <summary>1 / (1 + exp(-z)), without overflow for large negative z.</summary>
    public static float Sigmoid(float z)
    {
        if (z >= 0)
        {
            return 1f / (1f + MathF.Exp(-z));
        }

        float e = MathF.Exp(z);
        return e / (1f + e);
    }
}
