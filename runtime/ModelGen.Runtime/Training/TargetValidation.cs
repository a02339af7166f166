using System;

namespace ModelGen;

internal static class TargetValidation
{
    /// <summary>Throws unless every target is valid for the task: a class index, or a probability in [0, 1].</summary>
    public static void Check(ModelTask task, int outputLength, ReadOnlySpan<float> targets, string parameter)
    {
        for (int i = 0; i < targets.Length; i++)
        {
            float target = targets[i];
            if (task == ModelTask.MultiClass)
            {
                if (!(target >= 0 && target < outputLength && target == MathF.Floor(target)))
                {
                    throw new ArgumentException(
                        $"Target {i} is {target}, but MultiClass targets are class indices 0..{outputLength - 1}.", parameter);
                }
            }
            else if (!(target >= 0 && target <= 1))
            {
                throw new ArgumentException(
                    $"Target {i} (sample {i / outputLength}) is {target}, but {task} targets are 0 or 1 (or a probability in between).", parameter);
            }
        }
    }
}
