using System;
using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ModelGen;

/// <summary>Adam, as <c>torch.optim.Adam</c>: weight decay, if any, is added to the gradient (L2 penalty).</summary>
public class Adam : Optimizer
{
    /// <summary>Creates the optimizer; the arguments mean what they mean in <c>torch.optim.Adam</c>.</summary>
    public Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f)
        : base(learningRate, weightDecay)
    {
        Beta1 = CheckBeta(beta1, nameof(beta1));
        Beta2 = CheckBeta(beta2, nameof(beta2));
        if (!(epsilon >= 0) || float.IsInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be a finite number >= 0.");
        }

        Epsilon = epsilon;
    }

    /// <summary>Decay of the first-moment (mean) estimate.</summary>
    public float Beta1 { get; }

    /// <summary>Decay of the second-moment (uncentred variance) estimate.</summary>
    public float Beta2 { get; }

    /// <summary>Added to the denominator for numerical stability.</summary>
    public float Epsilon { get; }

    /// <summary>Whether weight decay is decoupled from the gradient (AdamW) rather than added to it (Adam).</summary>
    protected virtual bool DecoupledWeightDecay => false;

    /// <inheritdoc />
    public override OptimizerState CreateState(int parameterCount) => new(parameterCount, 2);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Step(Span<float> parameters, ReadOnlySpan<float> gradients, OptimizerState state)
    {
        CheckLengths(parameters, gradients, state, 2);
        Span<float> mean = state.Buffers[0];
        Span<float> variance = state.Buffers[1];
        long step = ++state.StepCount;

        // As torch 1.13's single-tensor Adam: scalars in double, tensor arithmetic in float.
        double learningRate = LearningRate;
        double biasCorrection1 = 1 - Math.Pow(Beta1, step);
        double biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(Beta2, step));
        float stepSize = (float)(learningRate / biasCorrection1);
        float correction2 = (float)biasCorrection2Sqrt;
        float beta1 = Beta1, beta2 = Beta2, epsilon = Epsilon;
        float oneMinusBeta1 = (float)(1 - (double)beta1), oneMinusBeta2 = (float)(1 - (double)beta2);
        float decay = WeightDecay;
        float decoupledScale = (float)(1 - (learningRate * decay));
        bool decoupled = DecoupledWeightDecay;
        float negativeStepSize = -stepSize;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // The same operations element by element, so the vector and scalar paths agree to the bit.
            var beta1s = new Vector<float>(beta1);
            var beta2s = new Vector<float>(beta2);
            var oneMinusBeta1s = new Vector<float>(oneMinusBeta1);
            var oneMinusBeta2s = new Vector<float>(oneMinusBeta2);
            var correction2s = new Vector<float>(correction2);
            var epsilons = new Vector<float>(epsilon);
            var negativeStepSizes = new Vector<float>(negativeStepSize);
            var decays = new Vector<float>(decay);
            var decoupledScales = new Vector<float>(decoupledScale);
            ref float p0 = ref MemoryMarshal.GetReference(parameters);
            ref float g0 = ref MemoryMarshal.GetReference(gradients);
            ref float m0 = ref MemoryMarshal.GetReference(mean);
            ref float v0 = ref MemoryMarshal.GetReference(variance);
            for (; i <= parameters.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                nuint at = (nuint)i;
                Vector<float> p = Vector.LoadUnsafe(ref p0, at);
                Vector<float> g = Vector.LoadUnsafe(ref g0, at);
                if (decay != 0)
                {
                    if (decoupled)
                    {
                        p *= decoupledScales;
                    }
                    else
                    {
                        g = Vector.FusedMultiplyAdd(p, decays, g);
                    }
                }

                Vector<float> m = Vector.FusedMultiplyAdd(g, oneMinusBeta1s, Vector.LoadUnsafe(ref m0, at) * beta1s);
                Vector<float> v = Vector.FusedMultiplyAdd(oneMinusBeta2s * g, g, Vector.LoadUnsafe(ref v0, at) * beta2s);
                m.StoreUnsafe(ref m0, at);
                v.StoreUnsafe(ref v0, at);
                Vector<float> denominator = (Vector.SquareRoot(v) / correction2s) + epsilons;
                (p + (negativeStepSizes * m / denominator)).StoreUnsafe(ref p0, at);
            }
        }

        for (; i < parameters.Length; i++)
        {
            // The roundings of torch's kernels: add(alpha=...) and addcmul are fused multiply-adds.
            float g = gradients[i];
            if (decay != 0)
            {
                if (decoupled)
                {
                    parameters[i] *= decoupledScale;
                }
                else
                {
                    g = MathF.FusedMultiplyAdd(parameters[i], decay, g);
                }
            }

            float m = MathF.FusedMultiplyAdd(g, oneMinusBeta1, mean[i] * beta1);
            float v = MathF.FusedMultiplyAdd(oneMinusBeta2 * g, g, variance[i] * beta2);
            mean[i] = m;
            variance[i] = v;
            float denominator = (MathF.Sqrt(v) / correction2) + epsilon;
            parameters[i] += negativeStepSize * m / denominator;
        }
    }

    private static float CheckBeta(float beta, string name) =>
        beta is >= 0 and < 1 ? beta : throw new ArgumentOutOfRangeException(name, beta, "Betas must be in [0, 1).");
}

/// <summary>AdamW, as <c>torch.optim.AdamW</c>: Adam with weight decay applied to the parameters, decoupled from the gradient.</summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer; the arguments mean what they mean in <c>torch.optim.AdamW</c>.</summary>
    public AdamW(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.01f)
        : base(learningRate, beta1, beta2, epsilon, weightDecay)
    {
    }

    /// <inheritdoc />
    protected override bool DecoupledWeightDecay => true;
}
