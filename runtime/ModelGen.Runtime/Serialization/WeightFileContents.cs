using System.Collections.Generic;

namespace ModelGen.Serialization;

/// <summary>Everything a weight file holds, checked against the model it was read for.</summary>
public sealed class WeightFileContents
{
    internal WeightFileContents(string modelName, float[] parameters, SavedOptimizer? optimizer, IReadOnlyDictionary<string, string> metadata)
    {
        ModelName = modelName;
        Parameters = parameters;
        Optimizer = optimizer;
        Metadata = metadata;
    }

    /// <summary>The name of the model class that saved the file (for messages only: the architecture is what must match).</summary>
    public string ModelName { get; }

    /// <summary>All parameters, in PyTorch <c>state_dict()</c> order, ready for <c>ImportParameters</c>.</summary>
    public float[] Parameters { get; }

    /// <summary>The optimizer and its state, if the file was saved with them.</summary>
    public SavedOptimizer? Optimizer { get; }

    /// <summary>The free-form metadata saved with the weights (empty if none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
