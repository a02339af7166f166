using System;

namespace ModelGen;

/// <summary>
/// The learning rate for each epoch, from the optimizer's learning rate when training started. The factories follow
/// PyTorch's schedulers stepped once per epoch.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The same rate every epoch.</summary>
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

    /// <summary>Multiplies the rate by <paramref name="gamma"/> every <paramref name="stepSize"/> epochs, as <c>StepLR</c>.</summary>
    public static LearningRateSchedule StepDecay(int stepSize, float gamma = 0.1f) => new StepDecaySchedule(stepSize, gamma);

    /// <summary>Anneals from the initial rate to <paramref name="minimum"/> over <paramref name="epochs"/> epochs along a half cosine, as <c>CosineAnnealingLR</c>.</summary>
    public static LearningRateSchedule Cosine(int epochs, float minimum = 0f) => new CosineSchedule(epochs, minimum);

    /// <summary>The rate for <paramref name="epoch"/> (0-based).</summary>
    public abstract float LearningRate(int epoch, float initial);

    /// <summary>Told the epoch's validation result (if any); schedules that adapt, such as <see cref="ReduceOnPlateau"/>, use it.</summary>
    public virtual void OnEpochEnd(EpochResult result)
    {
    }

    private sealed class ConstantSchedule : LearningRateSchedule
    {
        public override float LearningRate(int epoch, float initial) => initial;
    }

    private sealed class StepDecaySchedule : LearningRateSchedule
    {
        private readonly int _stepSize;
        private readonly float _gamma;

        public StepDecaySchedule(int stepSize, float gamma)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
            _stepSize = stepSize;
            _gamma = gamma > 0 ? gamma : throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "Gamma must be > 0.");
        }

        public override float LearningRate(int epoch, float initial) => (float)(initial * Math.Pow(_gamma, epoch / _stepSize));
    }

    private sealed class CosineSchedule : LearningRateSchedule
    {
        private readonly int _epochs;
        private readonly float _minimum;

        public CosineSchedule(int epochs, float minimum)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
            _epochs = epochs;
            _minimum = minimum >= 0 ? minimum : throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "The minimum must be >= 0.");
        }

        public override float LearningRate(int epoch, float initial) =>
            (float)(_minimum + ((initial - _minimum) * (1 + Math.Cos(Math.PI * Math.Min(epoch, _epochs) / _epochs)) / 2));
    }
}

/// <summary>
/// Multiplies the rate by <see cref="Factor"/> when the validation metric has not improved for <see cref="Patience"/>
/// epochs, as PyTorch's <c>ReduceLROnPlateau</c>. One instance keeps state: use a new one per training run.
/// </summary>
public sealed class ReduceOnPlateau(ValidationMetric monitor = ValidationMetric.Loss, float factor = 0.1f, int patience = 2, float minimum = 0f)
    : LearningRateSchedule
{
    private double _best = double.NaN;
    private int _badEpochs;
    private float _scale = 1f;

    /// <summary>The metric watched.</summary>
    public ValidationMetric Monitor { get; } = monitor;

    /// <summary>The factor applied on a plateau.</summary>
    public float Factor { get; } = factor is > 0 and < 1 ? factor : throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be in (0, 1).");

    /// <summary>Epochs without improvement before the rate is reduced.</summary>
    public int Patience { get; } = patience >= 0 ? patience : throw new ArgumentOutOfRangeException(nameof(patience));

    /// <inheritdoc />
    public override float LearningRate(int epoch, float initial) => Math.Max(minimum, initial * _scale);

    /// <inheritdoc />
    public override void OnEpochEnd(EpochResult result)
    {
        double? value = result.Validation(Monitor);
        if (value is not double metric)
        {
            return;
        }

        bool lowerIsBetter = Monitor == ValidationMetric.Loss;
        if (double.IsNaN(_best) || (lowerIsBetter ? metric < _best : metric > _best))
        {
            _best = metric;
            _badEpochs = 0;
        }
        else if (++_badEpochs > Patience)
        {
            _scale *= Factor;
            _badEpochs = 0;
        }
    }
}
