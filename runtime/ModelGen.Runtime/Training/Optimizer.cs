using System;

namespace ModelGen;

/// <summary>
/// An update rule for a model's parameters. An optimizer holds only its settings; the state it accumulates
/// (momentum, moment estimates, step count) lives in an <see cref="OptimizerState"/> that each model owns, so one
/// optimizer object can be shared by several models.
/// </summary>
public abstract class Optimizer
{
    private float _learningRate;

    /// <summary>Validates and stores the settings every optimizer has.</summary>
    protected Optimizer(float learningRate, float weightDecay)
    {
        LearningRate = learningRate;
        if (!(weightDecay >= 0) || float.IsInfinity(weightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must be a finite number >= 0.");
        }

        WeightDecay = weightDecay;
    }

    /// <summary>The step size. Learning-rate schedules change it between epochs.</summary>
    public float LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value > 0) || float.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be a finite number > 0.");
            }

            _learningRate = value;
        }
    }

    /// <summary>The weight-decay factor (L2 penalty for <see cref="Sgd"/> and <see cref="Adam"/>, decoupled for <see cref="AdamW"/>).</summary>
    public float WeightDecay { get; }

    /// <summary>Creates empty state for a model with <paramref name="parameterCount"/> parameters.</summary>
    public abstract OptimizerState CreateState(int parameterCount);

    /// <summary>Applies one update to <paramref name="parameters"/> from <paramref name="gradients"/> of the mean loss.</summary>
    public abstract void Step(Span<float> parameters, ReadOnlySpan<float> gradients, OptimizerState state);

    /// <summary>Throws unless the spans and the state fit together.</summary>
    protected static void CheckLengths(Span<float> parameters, ReadOnlySpan<float> gradients, OptimizerState state, int buffers)
    {
        ArgumentNullException.ThrowIfNull(state);
        // Every buffer is checked: the update loops read and write them without bounds checks.
        bool fits = gradients.Length == parameters.Length && state.Buffers.Length == buffers;
        foreach (float[] buffer in state.Buffers)
        {
            fits &= buffer is not null && buffer.Length == parameters.Length;
        }

        if (!fits)
        {
            throw new ArgumentException(
                $"The optimizer state was made for another model: {parameters.Length} parameters, {gradients.Length} gradients.", nameof(state));
        }
    }
}

/// <summary>The accumulated state of an optimizer for one model: named buffers, one float per parameter, and the step count.</summary>
public sealed class OptimizerState
{
    /// <summary>Creates state with <paramref name="bufferCount"/> zeroed buffers of <paramref name="parameterCount"/> floats.</summary>
    public OptimizerState(int parameterCount, int bufferCount)
    {
        Buffers = new float[bufferCount][];
        for (int i = 0; i < bufferCount; i++)
        {
            Buffers[i] = new float[parameterCount];
        }
    }

    /// <summary>The per-parameter buffers (momentum for SGD; first and second moments for Adam and AdamW).</summary>
    public float[][] Buffers { get; }

    /// <summary>How many updates have been applied.</summary>
    public long StepCount { get; set; }
}
