using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Metrics;

namespace ModelGen;

/// <summary>
/// What a model scored on an evaluation set: loss, accuracy, and per label (or per class, one-vs-rest) the AUROC with
/// DeLong's 95% interval and the average precision, with their averages. Labels whose AUROC is undefined (all one
/// class) are NaN, say why in <see cref="LabelEvaluation.UndefinedReason"/>, and are left out of the macro and
/// weighted averages. Prints as an aligned table and writes its ROC curves as CSV or SVG.
/// </summary>
public sealed class EvaluationReport
{
    private EvaluationReport(
        ModelTask task, int sampleCount, double loss, double accuracy, LabelEvaluation[] labels,
        double? microAuroc, double? weightedAuroc, double? microAveragePrecision)
    {
        Task = task;
        SampleCount = sampleCount;
        Loss = loss;
        Accuracy = accuracy;
        Labels = labels;
        MacroAuroc = LabelAveraging.MeanOfDefined(labels.Select(l => l.Auroc).ToArray(), weights: null);
        MacroAveragePrecision = LabelAveraging.MeanOfDefined(labels.Select(l => l.AveragePrecision).ToArray(), weights: null);
        MicroAuroc = microAuroc;
        MicroAveragePrecision = microAveragePrecision;
        WeightedAuroc = weightedAuroc;
    }

    /// <summary>The task the model was evaluated as.</summary>
    public ModelTask Task { get; }

    /// <summary>The number of samples evaluated.</summary>
    public int SampleCount { get; }

    /// <summary>The mean loss over the samples, as the model's training loss reduces it.</summary>
    public double Loss { get; }

    /// <summary>
    /// Binary and MultiLabel: the fraction of (sample, label) decisions that are right, a probability of at least 0.5
    /// counting as positive. MultiClass: the fraction of samples whose most probable class (the first, on a tie) is
    /// the target.
    /// </summary>
    public double Accuracy { get; }

    /// <summary>One entry per model output, in output order.</summary>
    public IReadOnlyList<LabelEvaluation> Labels { get; }

    /// <summary>The mean AUROC of the labels whose AUROC is defined; NaN when none is. For Binary, the one AUROC.</summary>
    public double MacroAuroc { get; }

    /// <summary>MultiLabel: the AUROC of every (sample, label) cell pooled; NaN when they are all one class. Otherwise null.</summary>
    public double? MicroAuroc { get; }

    /// <summary>MultiClass: the mean one-vs-rest AUROC weighted by each class's prevalence. Otherwise null.</summary>
    public double? WeightedAuroc { get; }

    /// <summary>The mean average precision of the labels that have positives; NaN when none has.</summary>
    public double MacroAveragePrecision { get; }

    /// <summary>MultiLabel: the average precision of every cell pooled. Otherwise null.</summary>
    public double? MicroAveragePrecision { get; }

    /// <summary>
    /// Computes the report from a model's outputs on every sample of the evaluation set.
    /// </summary>
    /// <param name="task">The model's task.</param>
    /// <param name="probabilities">Row-major <c>[sample, output]</c> probabilities (any scores work for the ranking metrics).</param>
    /// <param name="targets">
    /// The training targets: Binary, one 0/1 per sample; MultiLabel, <paramref name="outputLength"/> 0/1 values per
    /// sample; MultiClass, one class index per sample.
    /// </param>
    /// <param name="outputLength">Outputs per sample: 1 for Binary, the number of labels or classes otherwise.</param>
    /// <param name="meanLoss">The mean loss, computed by the caller with the model's loss function.</param>
    /// <param name="labelNames">One name per output, or null for "positive", "label k" or "class k".</param>
    /// <exception cref="ArgumentException">
    /// The shapes do not match the task, there are no samples, a probability is NaN, or a target is not valid for the
    /// task (the message names the index).
    /// </exception>
    public static EvaluationReport Create(
        ModelTask task, ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets, int outputLength, double meanLoss,
        IReadOnlyList<string>? labelNames = null)
    {
        int samples = CheckShapes(task, probabilities.Length, targets.Length, outputLength);
        string[] names = Names(task, outputLength, labelNames);
        if (task != ModelTask.MultiClass)
        {
            SampleChecks.ScoresAndLabels(probabilities, targets, outputLength, nameof(probabilities), nameof(targets));
            return Build(task, samples, probabilities, targets, outputLength, meanLoss, names, ThresholdAccuracy(probabilities, targets));
        }

        SampleChecks.Scores(probabilities, outputLength, nameof(probabilities));
        float[] rented = ArrayPool<float>.Shared.Rent(probabilities.Length);
        try
        {
            Span<float> oneHot = rented.AsSpan(0, probabilities.Length);
            LabelAveraging.OneHot(targets, outputLength, oneHot, nameof(targets));
            return Build(task, samples, probabilities, oneHot, outputLength, meanLoss, names, TopOneAccuracy(probabilities, targets, outputLength));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>The report as an aligned table: loss, accuracy, one row per label, then the averages.</summary>
    public override string ToString() => ReportTable.Format(this);

    /// <summary>
    /// Writes every defined ROC curve as CSV with the header <c>label,threshold,false_positive_rate,true_positive_rate</c>,
    /// one row per point, numbers in the invariant culture (the first threshold of each curve is <c>inf</c>).
    /// </summary>
    /// <param name="writer">Where the CSV goes.</param>
    public void WriteRocCsv(TextWriter writer) => RocCsv.Write(this, writer);

    /// <summary>Writes the ROC curves as CSV to a file; see <see cref="WriteRocCsv(TextWriter)"/>.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    public void WriteRocCsv(string path)
    {
        using var writer = new StreamWriter(path);
        WriteRocCsv(writer);
    }

    /// <summary>
    /// Writes an SVG plot of the ROC curves: axes, the chance diagonal, one curve per label and a legend with each
    /// label's name and AUROC.
    /// </summary>
    /// <param name="writer">Where the SVG goes.</param>
    public void WriteRocSvg(TextWriter writer) => RocSvg.Write(this, writer);

    /// <summary>Writes the SVG plot of the ROC curves to a file; see <see cref="WriteRocSvg(TextWriter)"/>.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    public void WriteRocSvg(string path)
    {
        using var writer = new StreamWriter(path);
        WriteRocSvg(writer);
    }

    private static EvaluationReport Build(
        ModelTask task, int samples, ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels, int outputLength, double meanLoss,
        string[] names, double accuracy)
    {
        double z = DeLong.NormalQuantileFor(0.95);
        var evaluations = new LabelEvaluation[outputLength];
        for (int label = 0; label < outputLength; label++)
        {
            using RankedSamples column = RankedSamples.Rank(probabilities, labels, label, outputLength, samples);
            double auroc = Auroc.OfColumn(column);
            evaluations[label] = new LabelEvaluation(
                names[label],
                column.Positives,
                column.Negatives,
                auroc,
                DeLong.HasVariance(column.Positives, column.Negatives) ? DeLong.IntervalOf(column, z, 0.95) : null,
                AveragePrecision.OfColumn(column),
                double.IsNaN(auroc) ? null : RocCurve.Of(column, dropIntermediate: true));
        }

        double? weighted = task == ModelTask.MultiClass
            ? LabelAveraging.MeanOfDefined(evaluations.Select(e => e.Auroc).ToArray(), evaluations.Select(e => e.Positives).ToArray())
            : null;
        if (task != ModelTask.MultiLabel)
        {
            return new EvaluationReport(task, samples, meanLoss, accuracy, evaluations, null, weighted, null);
        }

        using RankedSamples pooled = RankedSamples.Rank(probabilities, labels, 0, 1, probabilities.Length);
        return new EvaluationReport(
            task, samples, meanLoss, accuracy, evaluations, Auroc.OfColumn(pooled), weighted, AveragePrecision.OfColumn(pooled));
    }

    private static int CheckShapes(ModelTask task, int probabilityCount, int targetCount, int outputLength)
    {
        int minimum = task == ModelTask.MultiClass ? 2 : 1;
        if (outputLength < minimum || (task == ModelTask.Binary && outputLength != 1))
        {
            string wanted = task switch
            {
                ModelTask.Binary => "exactly 1",
                ModelTask.MultiClass => "at least 2 classes",
                _ => "at least 1 label",
            };
            throw new ArgumentOutOfRangeException(nameof(outputLength), outputLength, $"A {task} model's output length must be {wanted}.");
        }

        int samples = SampleChecks.WholeSamples(probabilityCount, outputLength, "probabilities");
        if (samples == 0)
        {
            throw new ArgumentException("There are no samples to evaluate.", "probabilities");
        }

        int targetLength = task == ModelTask.MultiClass ? 1 : outputLength;
        if (targetCount != (long)samples * targetLength)
        {
            throw new ArgumentException(
                $"probabilities holds {samples} samples, so a {task} model needs {(long)samples * targetLength} targets ({targetLength} per sample), but targets has {targetCount}.",
                "targets");
        }

        return samples;
    }

    private static string[] Names(ModelTask task, int outputLength, IReadOnlyList<string>? labelNames)
    {
        if (labelNames is null)
        {
            return task switch
            {
                ModelTask.Binary => ["positive"],
                ModelTask.MultiClass => Enumerable.Range(0, outputLength).Select(k => $"class {k}").ToArray(),
                _ => Enumerable.Range(0, outputLength).Select(k => $"label {k}").ToArray(),
            };
        }

        if (labelNames.Count != outputLength)
        {
            throw new ArgumentException($"There are {labelNames.Count} label names for {outputLength} outputs; give one name per output.", nameof(labelNames));
        }

        return labelNames.ToArray();
    }

    private static double ThresholdAccuracy(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets) =>
        ConfusionMatrix.AtThreshold(probabilities, targets, 0.5f).Accuracy;

    private static double TopOneAccuracy(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> classIndices, int classCount)
    {
        int correct = 0;
        for (int sample = 0; sample < classIndices.Length; sample++)
        {
            ReadOnlySpan<float> row = probabilities.Slice(sample * classCount, classCount);
            int best = 0;
            for (int k = 1; k < classCount; k++)
            {
                if (row[k] > row[best])
                {
                    best = k;
                }
            }

            correct += best == (int)classIndices[sample] ? 1 : 0;
        }

        return (double)correct / classIndices.Length;
    }
}
