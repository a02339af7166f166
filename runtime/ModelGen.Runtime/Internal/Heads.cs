using System;
using System.ComponentModel;

namespace ModelGen.Internal;

/// <summary>The heads that turn logits into probabilities, shared by generated Predict and by evaluation.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Heads
{
    /// <summary>Softmax in place; the maximum is subtracted first so exp cannot overflow.</summary>
    public static void Softmax(Span<float> values)
    {
        float max = values[0];
        for (int i = 1; i < values.Length; i++)
        {
            max = MathF.Max(max, values[i]);
        }

        float sum = 0f;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Exp(values[i] - max);
            sum += values[i];
        }

        for (int i = 0; i < values.Length; i++)
        {
            values[i] /= sum;
        }
    }

    /// <summary>Elementwise sigmoid in place.</summary>
    public static void Sigmoid(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = 1f / (1f + MathF.Exp(-values[i]));
        }
    }

    /// <summary>The head of <paramref name="task"/>, in place.</summary>
    public static void Apply(ModelTask task, Span<float> values)
    {
        if (task == ModelTask.MultiClass)
        {
            Softmax(values);
        }
        else
        {
            Sigmoid(values);
        }
    }
}
