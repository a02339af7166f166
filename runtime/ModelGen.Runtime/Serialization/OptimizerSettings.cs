using System;
using System.Collections.Generic;

namespace ModelGen.Serialization;

/// <summary>
/// The built-in optimizers as a kind name and named settings, the form a weight file stores; and back. Settings are
/// stored by name so that a reader can say which one is missing or unknown.
/// </summary>
internal static class OptimizerSettings
{
    public static (string Kind, KeyValuePair<string, float>[] Settings) Describe(Optimizer optimizer) => optimizer switch
    {
        Sgd sgd => ("Sgd",
        [
            new("learning_rate", sgd.LearningRate), new("weight_decay", sgd.WeightDecay),
            new("momentum", sgd.Momentum), new("nesterov", sgd.Nesterov ? 1 : 0),
        ]),
        Adam adam => (adam is AdamW ? "AdamW" : "Adam",
        [
            new("learning_rate", adam.LearningRate), new("weight_decay", adam.WeightDecay),
            new("beta1", adam.Beta1), new("beta2", adam.Beta2), new("epsilon", adam.Epsilon),
        ]),
        _ => throw new NotSupportedException($"Cannot describe {optimizer.GetType().Name}."),
    };

    /// <summary>Rebuilds the optimizer; throws <see cref="ArgumentException"/> naming what does not fit.</summary>
    public static Optimizer Create(string kind, IReadOnlyDictionary<string, float> settings)
    {
        string[] names = kind switch
        {
            "Sgd" => ["learning_rate", "weight_decay", "momentum", "nesterov"],
            "Adam" or "AdamW" => ["learning_rate", "weight_decay", "beta1", "beta2", "epsilon"],
            _ => throw new ArgumentException($"unknown optimizer kind '{kind}' (known: Sgd, Adam, AdamW)"),
        };
        foreach (string name in settings.Keys)
        {
            if (Array.IndexOf(names, name) < 0)
            {
                throw new ArgumentException($"{kind} has no setting '{name}'");
            }
        }

        float Get(string name) =>
            settings.TryGetValue(name, out float value) ? value : throw new ArgumentException($"the {kind} setting '{name}' is missing");

        return kind switch
        {
            "Sgd" => new Sgd(Get("learning_rate"), Get("momentum"), Get("weight_decay"), Get("nesterov") switch
            {
                0 => false,
                1 => true,
                float other => throw new ArgumentException($"the Sgd setting 'nesterov' is {other}, not 0 or 1"),
            }),
            "Adam" => new Adam(Get("learning_rate"), Get("beta1"), Get("beta2"), Get("epsilon"), Get("weight_decay")),
            _ => new AdamW(Get("learning_rate"), Get("beta1"), Get("beta2"), Get("epsilon"), Get("weight_decay")),
        };
    }
}
