using System;

namespace ModelGen.Serialization;

/// <summary>
/// An optimizer and the state it has accumulated for one model, as a weight file stores them, so that training can
/// resume exactly where it stopped. Only the built-in <see cref="Sgd"/>, <see cref="Adam"/> and <see cref="AdamW"/>
/// can be saved: their settings are all a file needs to rebuild them.
/// </summary>
public sealed class SavedOptimizer
{
    /// <summary>Pairs <paramref name="optimizer"/> with its <paramref name="state"/> (<see langword="null"/> before the first step).</summary>
    /// <exception cref="NotSupportedException">The optimizer is not one of the built-in types (see <see cref="IsSupported"/>).</exception>
    /// <exception cref="ArgumentException">The state has another number of buffers than the optimizer keeps, or buffers of unequal lengths.</exception>
    public SavedOptimizer(Optimizer optimizer, OptimizerState? state)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (!IsSupported(optimizer))
        {
            throw new NotSupportedException(
                $"A weight file can store the state of Sgd, Adam and AdamW, not of {optimizer.GetType().Name}; save without the optimizer instead.");
        }

        if (state is not null)
        {
            int expected = optimizer.CreateState(0).Buffers.Length;
            if (state.Buffers.Length != expected || Array.Exists(state.Buffers, b => b is null || b.Length != state.Buffers[0].Length))
            {
                throw new ArgumentException(
                    $"{optimizer.GetType().Name} keeps {expected} buffer(s) of one float per parameter; the state has {state.Buffers.Length} that do not fit.",
                    nameof(state));
            }
        }

        Optimizer = optimizer;
        State = state;
    }

    /// <summary>The optimizer with its settings (learning rate, weight decay, momentum or betas and epsilon).</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Its accumulated state (buffers and step count), or <see langword="null"/> when it has taken no step yet.</summary>
    public OptimizerState? State { get; }

    /// <summary>Whether <paramref name="optimizer"/> is a type a weight file can store: exactly <see cref="Sgd"/>, <see cref="Adam"/> or <see cref="AdamW"/>.</summary>
    public static bool IsSupported(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);

        // Exact types: a subclass may change the update rule, which the stored settings could not bring back.
        Type type = optimizer.GetType();
        return type == typeof(Sgd) || type == typeof(Adam) || type == typeof(AdamW);
    }
}
