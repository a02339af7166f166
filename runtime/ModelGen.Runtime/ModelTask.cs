namespace ModelGen;

/// <summary>What a model predicts; picks the head, the loss and the metrics.</summary>
public enum ModelTask
{
    /// <summary>Softmax over K classes, trained with cross-entropy. The last layer is <c>Dense(K)</c>, K &gt;= 2.</summary>
    MultiClass = 0,

    /// <summary>One sigmoid probability, trained with binary cross-entropy. The last layer is <c>Dense(1)</c>.</summary>
    Binary = 1,

    /// <summary>K independent sigmoid probabilities, trained with binary cross-entropy per label. The last layer is <c>Dense(K)</c>.</summary>
    MultiLabel = 2,
}
