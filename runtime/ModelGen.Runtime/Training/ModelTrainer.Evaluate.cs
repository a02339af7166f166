using System;
using System.Collections.Generic;

namespace ModelGen;

public static partial class ModelTrainer
{
    /// <summary>
    /// Runs the model over <paramref name="data"/> in parallel chunks (inputs are read in place; only the outputs are
    /// kept) and reports the loss and the task's metrics: accuracy, AUROC per label or class with DeLong intervals,
    /// macro (and micro or weighted) AUROC, average precision.
    /// </summary>
    public static EvaluationReport Evaluate<TModel>(TModel model, TrainingData data, IReadOnlyList<string>? labelNames = null, int threads = 0)
        where TModel : ITrainableModel
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckData(model, data, nameof(data));
        var probabilities = new float[data.Count * model.OutputLength];
        double loss = PredictionPass.Run(model, data, probabilities, threads > 0 ? threads : Environment.ProcessorCount);
        return EvaluationReport.Create(model.Task, probabilities, data.Targets.Span, model.OutputLength, loss, labelNames);
    }
}
