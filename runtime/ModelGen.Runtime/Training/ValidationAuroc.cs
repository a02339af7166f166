namespace ModelGen;

// Placeholder until ModelGen.Metrics lands: validation AUROC is reported as not computed.
internal static class ValidationAuroc
{
    public static double? Macro(ModelTask task, System.ReadOnlySpan<float> probabilities, System.ReadOnlySpan<float> targets, int outputs) => null;
}
