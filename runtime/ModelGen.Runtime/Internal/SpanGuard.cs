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
        if (inputFloats % inputLength != 0)
        {
            throw new ArgumentException(
                $"{model} expects inputs to hold whole samples of {inputLength} floats (InputLength), but the span has {inputFloats}, which is not a multiple.",
                inputParameter);
        }

        int batch = inputFloats / inputLength;
        if (outputFloats != (long)batch * outputLength)
        {
            throw new ArgumentException(
                $"{model} expects outputs of {(long)batch * outputLength} floats for {batch} samples of OutputLength {outputLength}, but the span has {outputFloats}.",
                outputParameter);
        }

        return batch;
    }
}
