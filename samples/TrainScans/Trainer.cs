using System;
using System.IO;

namespace ModelGen.Samples;

/// <summary>The part every data set shares: summary, training with progress, evaluation, plots and saved weights.</summary>
internal static class Trainer
{
    public static void Run<TModel>(
        TModel model, string summary, string kernels, TrainingData training, TrainingData validation, TrainingData test, int epochs, string output, string name)
        where TModel : ITrainableModel
    {
        Console.WriteLine();
        Console.WriteLine(summary);
        Console.WriteLine();
        Console.WriteLine($"{training.Count:N0} training, {validation.Count:N0} validation and {test.Count:N0} test samples; {epochs} epochs on {Environment.ProcessorCount} threads, kernels: {kernels}");
        TrainingHistory history = model.Fit(training, new FitOptions
        {
            Epochs = epochs,
            BatchSize = 32,
            Validation = validation,
            Schedule = LearningRateSchedule.Cosine(epochs),
        }, new ProgressBar());
        Console.WriteLine($"Trained in {history.Duration.TotalSeconds:0.0} s.");
        Console.WriteLine();

        EvaluationReport report = model.Evaluate(test);
        Console.WriteLine("Test set:");
        Console.WriteLine(report);

        string weights = Path.Combine(output, name + ".mgw");
        model.Save(weights);
        report.WriteRocSvg(Path.Combine(output, "roc.svg"));
        report.WriteRocCsv(Path.Combine(output, "roc.csv"));
        LossPlot.Write(Path.Combine(output, "loss.svg"), history);
        Console.WriteLine($"Weights:    {weights}");
        Console.WriteLine($"ROC curves: {Path.Combine(output, "roc.svg")} (and roc.csv)");
        Console.WriteLine($"Loss curve: {Path.Combine(output, "loss.svg")}");
    }
}
