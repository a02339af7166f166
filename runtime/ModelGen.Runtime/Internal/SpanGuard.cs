using System;
using System.ComponentModel;

namespace ModelGen.Internal;

/// <summary>Argument checks shared by generated models, so their messages are the same everywhere.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SpanGuard
{
    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    public static void Length(int actual, int expected, string model, string what, string parameter)
    {
        if (actual != expected)
        {
            throw new ArgumentException(
                $"{model} expects {what} of exactly {expected} floats, but the span has {actual}.", parameter);
        }
    }

    /// <summary>Returns the number of samples in a batch, or throws unless both spans hold whole, matching samples.</summary>
    public static int BatchSize(
        int inputFloats, int inputLength, int outputFloats, int outputLength, string model, string inputParameter, string outputParameter)
    {
        int batch = WholeSamples(inputFloats, inputLength, model, inputParameter);
        if (outputFloats != (long)batch * outputLength)
        {
            throw new ArgumentException(
                $"{model} expects outputs of {(long)batch * outputLength} floats for {batch} samples of OutputLength {outputLength}, but the span has {outputFloats}.",
                outputParameter);
        }

        return batch;
    }

    /// <summary>
    /// Checks the spans given to a generated AccumulateGradients before its kernels, which read and write them without
    /// bounds checks, touch any of them.
    /// </summary>
    public static void Training(
        int inputFloats, int inputLength, int targetFloats, int targetLength, int gradientFloats, int parameterCount, int arenaFloats, int arenaLength, string model)
    {
        long batch = WholeSamples(inputFloats, inputLength, model, "inputs");
        if (targetFloats != batch * targetLength)
        {
            throw new ArgumentException($"{model} expects targets of {batch * targetLength} floats for {batch} samples of TargetLength {targetLength}, but the span has {targetFloats}.", "targets");
        }

        if (gradientFloats != parameterCount)
        {
            throw new ArgumentException($"{model} expects a gradient buffer of exactly {parameterCount} floats (ParameterCount), but the span has {gradientFloats}.", "gradients");
        }

        if (arenaFloats < arenaLength)
        {
            throw new ArgumentException($"{model} expects an arena of at least {arenaLength} floats (TrainingArenaLength), but the span has {arenaFloats}.", "arena");
        }
    }

    private static int WholeSamples(int inputFloats, int inputLength, string model, string parameter)
    {
        if (inputFloats % inputLength != 0)
        {
            throw new ArgumentException(
                $"{model} expects inputs to hold whole samples of {inputLength} floats (InputLength), but the span has {inputFloats}, which is not a multiple.",
                parameter);
        }

        return inputFloats / inputLength;
    }
}
