using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Serialization;

namespace ModelGen;

/// <summary>
/// A Fit checkpoint: a weight file (parameters, optimizer and its state) whose metadata carries what the loop needs to
/// go on exactly as if it had not stopped: the next epoch, the shuffling generator's state, the learning rate the
/// schedule starts from, and the history so far.
/// </summary>
internal sealed record Checkpoint(int NextEpoch, (uint, uint, uint, uint) Random, float InitialLearningRate, IReadOnlyList<EpochResult> History)
{
    private const string EpochKey = "fit.next_epoch";
    private const string RandomKey = "fit.random";
    private const string LearningRateKey = "fit.initial_learning_rate";
    private const string HistoryKey = "fit.history";

    public void Save(ITrainableModel model, string path)
    {
        var parameters = new float[model.ParameterCount];
        model.ExportParameters(parameters);
        SavedOptimizer? optimizer = SavedOptimizer.IsSupported(model.Optimizer) ? new SavedOptimizer(model.Optimizer, model.OptimizerState) : null;
        var (a, b, c, d) = Random;
        var metadata = new Dictionary<string, string>
        {
            [EpochKey] = NextEpoch.ToString(CultureInfo.InvariantCulture),
            [RandomKey] = string.Join(" ", new[] { a, b, c, d }.Select(x => x.ToString(CultureInfo.InvariantCulture))),
            [LearningRateKey] = InitialLearningRate.ToString("R", CultureInfo.InvariantCulture),
            [HistoryKey] = string.Join("\n", History.Select(Format)),
        };
        WeightFile.Save(path, model.Description, parameters, optimizer, metadata);
    }

    /// <summary>Reads a checkpoint and, only when all of it is valid, puts its weights and optimizer into the model.</summary>
    public static Checkpoint LoadInto(ITrainableModel model, string path)
    {
        WeightFileContents contents = WeightFile.Load(path, model.Description);
        IReadOnlyDictionary<string, string> metadata = contents.Metadata;
        if (!metadata.TryGetValue(EpochKey, out string? epoch) || !metadata.TryGetValue(RandomKey, out string? random) ||
            !metadata.TryGetValue(LearningRateKey, out string? rate) || !metadata.TryGetValue(HistoryKey, out string? history))
        {
            throw new WeightFileException(WeightFileProblem.Malformed, $"'{path}' is a weight file but not a Fit checkpoint: it lacks the training state.");
        }

        uint[] state = random.Split(' ').Select(x => uint.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        var checkpoint = new Checkpoint(
            int.Parse(epoch, CultureInfo.InvariantCulture),
            (state[0], state[1], state[2], state[3]),
            float.Parse(rate, CultureInfo.InvariantCulture),
            history.Length == 0 ? [] : history.Split('\n').Select(Parse).ToList());
        model.ImportParameters(contents.Parameters);
        if (contents.Optimizer is { } saved)
        {
            model.Optimizer = saved.Optimizer;
            model.OptimizerState = saved.State;
        }

        return checkpoint;
    }

    private static string Format(EpochResult e) => string.Join(",", new[]
    {
        e.Epoch.ToString(CultureInfo.InvariantCulture), e.Loss.ToString("R", CultureInfo.InvariantCulture),
        Optional(e.ValidationLoss), Optional(e.ValidationAccuracy), Optional(e.ValidationAuroc),
        e.LearningRate.ToString("R", CultureInfo.InvariantCulture), e.Duration.Ticks.ToString(CultureInfo.InvariantCulture),
        e.SamplesPerSecond.ToString("R", CultureInfo.InvariantCulture),
    });

    private static EpochResult Parse(string line)
    {
        string[] f = line.Split(',');
        return new EpochResult(
            int.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture), Optional(f[2]), Optional(f[3]), Optional(f[4]),
            float.Parse(f[5], CultureInfo.InvariantCulture), TimeSpan.FromTicks(long.Parse(f[6], CultureInfo.InvariantCulture)), double.Parse(f[7], CultureInfo.InvariantCulture));
    }

    private static string Optional(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static double? Optional(string text) => text.Length == 0 ? null : double.Parse(text, CultureInfo.InvariantCulture);
}
