using System;
using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ModelGen;

/// <summary>Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay, as <c>torch.optim.SGD</c>.</summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer; the arguments mean what they mean in <c>torch.optim.SGD</c> (dampening 0).</summary>
    public Sgd(float learningRate, float momentum = 0f, float weightDecay = 0f, bool nesterov = false)
        : base(learningRate, weightDecay)
    {
        if (!(momentum >= 0) || float.IsInfinity(momentum))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be a finite number >= 0.");
        }

        if (nesterov && momentum == 0)
        {
            throw new ArgumentException("Nesterov momentum needs a momentum above 0.", nameof(nesterov));
        }

        Momentum = momentum;
        Nesterov = nesterov;
    }

    /// <summary>The momentum factor; 0 for plain SGD.</summary>
    public float Momentum { get; }

    /// <summary>Whether the update looks ahead along the momentum (Nesterov).</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    public override OptimizerState CreateState(int parameterCount) => new(parameterCount, Momentum == 0 ? 0 : 1);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Step(Span<float> parameters, ReadOnlySpan<float> gradients, OptimizerState state)
    {
        CheckLengths(parameters, gradients, state, Momentum == 0 ? 0 : 1);
        float learningRate = LearningRate, weightDecay = WeightDecay, momentum = Momentum;
        bool first = state.StepCount == 0;
        Span<float> buffer = Momentum == 0 ? default : state.Buffers[0];
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // The same operations element by element, so the vector and scalar paths agree to the bit.
            var weightDecays = new Vector<float>(weightDecay);
            var momenta = new Vector<float>(momentum);
            var negativeLearningRates = new Vector<float>(-learningRate);
            ref float p0 = ref MemoryMarshal.GetReference(parameters);
            ref float g0 = ref MemoryMarshal.GetReference(gradients);
            ref float b0 = ref MemoryMarshal.GetReference(buffer);
            for (; i <= parameters.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                nuint at = (nuint)i;
                Vector<float> p = Vector.LoadUnsafe(ref p0, at);
                Vector<float> d = Vector.LoadUnsafe(ref g0, at);
                if (weightDecay != 0)
                {
                    d = Vector.FusedMultiplyAdd(p, weightDecays, d);
                }

                if (momentum != 0)
                {
                    Vector<float> b = first ? d : (Vector.LoadUnsafe(ref b0, at) * momenta) + d;
                    b.StoreUnsafe(ref b0, at);
                    d = Nesterov ? Vector.FusedMultiplyAdd(b, momenta, d) : b;
                }

                Vector.FusedMultiplyAdd(d, negativeLearningRates, p).StoreUnsafe(ref p0, at);
            }
        }

        for (; i < parameters.Length; i++)
        {
            // The order and roundings of torch.optim.SGD, whose add(alpha=...) is one fused multiply-add:
            // decay into the gradient, then momentum, then the step.
            float d = gradients[i];
            if (weightDecay != 0)
            {
                d = MathF.FusedMultiplyAdd(parameters[i], weightDecay, d);
            }

            if (momentum != 0)
            {
                float b = first ? d : (buffer[i] * momentum) + d;
                buffer[i] = b;
                d = Nesterov ? MathF.FusedMultiplyAdd(b, momentum, d) : b;
            }

            parameters[i] = MathF.FusedMultiplyAdd(d, -learningRate, parameters[i]);
        }

        state.StepCount++;
    }
}
