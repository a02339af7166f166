using System;
using ModelGen.Metrics;

namespace ModelGen;

internal static class ValidationAuroc
{
    /// <summary>
    /// Macro AUROC over labels (Binary, MultiLabel) or one-vs-rest over classes (MultiClass); null where it is not
    /// defined: soft targets, or no label with both classes present.
    /// </summary>
    public static double? Macro(ModelTask task, ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets, int outputs)
    {
        if (task != ModelTask.MultiClass && targets.ContainsAnyExcept(0f, 1f))
        {
            return null;
        }

        MultiLabelScore score = task == ModelTask.MultiClass
            ? Auroc.MultiClassOneVsRest(probabilities, targets, outputs, AurocAverage.Macro)
            : Auroc.MultiLabel(probabilities, targets, outputs, AurocAverage.Macro);
        return score.IsDefined ? score.Value : null;
    }
}
