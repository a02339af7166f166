using System;

namespace ModelGen;

/// <summary>
/// What every generated model offers, for code that works with any model. The generated class also exposes the
/// same members directly (the lengths as constants), so calls on the concrete type need no interface.
/// </summary>
public interface IModel
{
    /// <summary>Floats in one input sample.</summary>
    int InputLength { get; }

    /// <summary>Probabilities produced for one sample.</summary>
    int OutputLength { get; }

    /// <summary>Floats in one sample's training target.</summary>
    int TargetLength { get; }

    /// <summary>Number of trainable parameters.</summary>
    int ParameterCount { get; }

    /// <summary>Runs one sample; allocates nothing and is safe to call from several threads at once.</summary>
    void Predict(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>Runs a batch of samples, laid out one after another.</summary>
    void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>Copies all parameters out, in PyTorch <c>state_dict()</c> order and layout.</summary>
    void ExportParameters(Span<float> destination);

    /// <summary>Replaces all parameters, given in PyTorch <c>state_dict()</c> order and layout.</summary>
    void ImportParameters(ReadOnlySpan<float> source);
}
