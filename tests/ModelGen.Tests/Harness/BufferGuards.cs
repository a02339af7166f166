using System;
using System.Reflection;
using Xunit;

namespace ModelGen.Tests.Harness;

/// <summary>
/// Runs generated kernels on buffers followed (or surrounded) by guard floats that must come out untouched: the kernels
/// load and store without bounds checks, and a store past a buffer corrupts whatever the heap holds there.
/// </summary>
internal static class BufferGuards
{
    private const int Guard = 64;
    private const float Poison = -12345.678f;

    /// <summary>
    /// Predict, sample by sample on this thread, with the model's per-thread inference arena replaced by one followed by
    /// guard floats.
    /// </summary>
    public static void Predict(IModel model, ReadOnlySpan<float> inputs, Span<float> outputs, string context)
    {
        var flags = BindingFlags.NonPublic | BindingFlags.Static;
        FieldInfo arenaField = model.GetType().GetField("t_arena", flags)!;
        int length = (int)model.GetType().GetField("ArenaLength", flags)!.GetValue(null)!;
        float[] arena = new float[length + Guard];
        arena.AsSpan(length).Fill(Poison);
        arenaField.SetValue(null, arena);
        try
        {
            for (int n = 0; n < inputs.Length / model.InputLength; n++)
            {
                model.Predict(inputs.Slice(n * model.InputLength, model.InputLength), outputs.Slice(n * model.OutputLength, model.OutputLength));
            }
        }
        finally
        {
            arenaField.SetValue(null, null);
        }

        Assert.True(arena.AsSpan(length).IndexOfAnyExcept(Poison) < 0, $"{context}: a forward kernel wrote past the inference arena");
    }

    /// <summary>AccumulateGradients (the training forward pass and every backward kernel) on a guarded arena and gradient buffer.</summary>
    public static double AccumulateGradients(ITrainableModel model, float[] inputs, float[] targets, float[] gradients, float scale, string context)
    {
        float[] arena = Guarded(model.TrainingArenaLength), sums = Guarded(gradients.Length);
        gradients.CopyTo(sums, Guard);
        double loss = model.AccumulateGradients(inputs, targets, sums.AsSpan(Guard, gradients.Length), arena.AsSpan(Guard, model.TrainingArenaLength), scale);
        AssertGuards(arena, model.TrainingArenaLength, "training arena", context);
        AssertGuards(sums, gradients.Length, "gradients", context);
        sums.AsSpan(Guard, gradients.Length).CopyTo(gradients);
        return loss;
    }

    private static float[] Guarded(int length)
    {
        float[] buffer = new float[length + (2 * Guard)];
        buffer.AsSpan(0, Guard).Fill(Poison);
        buffer.AsSpan(Guard + length).Fill(Poison);
        return buffer;
    }

    private static void AssertGuards(float[] buffer, int length, string what, string context)
    {
        Assert.True(buffer.AsSpan(0, Guard).IndexOfAnyExcept(Poison) < 0, $"{context}: a kernel wrote before the {what}");
        Assert.True(buffer.AsSpan(Guard + length).IndexOfAnyExcept(Poison) < 0, $"{context}: a kernel wrote past the {what}");
    }
}
