using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using ModelGen.Metrics;
using Xunit;

namespace ModelGen.Tests.Metrics;

/// <summary>The report a generated Evaluate returns: its numbers are the metric functions' numbers, and it prints and plots.</summary>
public sealed class EvaluationReportTests
{
    [Fact]
    public void Binary_report_holds_the_binary_metrics()
    {
        var (probabilities, targets) = Sigmoids(new Random(1), samples: 400, labels: 1);
        EvaluationReport report = EvaluationReport.Create(ModelTask.Binary, probabilities, targets, 1, meanLoss: 0.4321);

        Assert.Equal(ModelTask.Binary, report.Task);
        Assert.Equal(400, report.SampleCount);
        Assert.Equal(0.4321, report.Loss);
        Assert.Equal(ThresholdAccuracy(probabilities, targets), report.Accuracy);
        LabelEvaluation positive = Assert.Single(report.Labels);
        Assert.Equal("positive", positive.Name);
        Assert.Equal((int)targets.Sum(), positive.Positives);
        Assert.Equal(400 - positive.Positives, positive.Negatives);
        Assert.Equal(Auroc.Binary(probabilities, targets), positive.Auroc);
        Assert.Equal(positive.Auroc, report.MacroAuroc);
        Assert.Equal(DeLong.ConfidenceInterval(probabilities, targets), positive.AurocInterval);
        Assert.Equal(AveragePrecision.Binary(probabilities, targets), positive.AveragePrecision);
        Assert.Equal(RocCurve.Compute(probabilities, targets).FalsePositiveRates, positive.RocCurve!.FalsePositiveRates);
        Assert.Null(report.MicroAuroc);
        Assert.Null(report.WeightedAuroc);
        Assert.Null(report.MicroAveragePrecision);

        string[] lines = report.ToString().Split('\n');
        Assert.Equal("Binary evaluation of 400 samples", lines[0]);
        Assert.Equal("  loss      0.4321", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("  positive ", StringComparison.Ordinal)
            && l.Contains(positive.Auroc.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("macro", StringComparison.Ordinal));
    }

    [Fact]
    public void Multi_label_report_names_labels_and_reports_an_undefined_one()
    {
        var (probabilities, targets) = Sigmoids(new Random(2), samples: 300, labels: 3);
        for (int sample = 0; sample < 300; sample++)
        {
            targets[sample * 3 + 1] = 0; // "mass" has no positives
        }

        string[] names = ["nodule", "mass", "effusion"];
        EvaluationReport report = EvaluationReport.Create(ModelTask.MultiLabel, probabilities, targets, 3, 0.25, names);

        MultiLabelScore macro = Auroc.MultiLabel(probabilities, targets, 3, AurocAverage.Macro);
        Assert.Equal(names, report.Labels.Select(l => l.Name));
        Assert.Equal(macro.PerLabel, report.Labels.Select(l => l.Auroc));
        Assert.Equal(macro.Value, report.MacroAuroc);
        Assert.Equal(Auroc.MultiLabel(probabilities, targets, 3, AurocAverage.Micro).Value, report.MicroAuroc);
        Assert.Equal(AveragePrecision.MultiLabel(probabilities, targets, 3, AurocAverage.Macro).Value, report.MacroAveragePrecision);
        Assert.Equal(AveragePrecision.MultiLabel(probabilities, targets, 3, AurocAverage.Micro).Value, report.MicroAveragePrecision);
        Assert.Equal(ThresholdAccuracy(probabilities, targets), report.Accuracy);

        LabelEvaluation mass = report.Labels[1];
        Assert.Equal("no positives", mass.UndefinedReason);
        Assert.True(double.IsNaN(mass.Auroc) && double.IsNaN(mass.AveragePrecision));
        Assert.Null(mass.AurocInterval);
        Assert.Null(mass.RocCurve);
        Assert.Null(report.Labels[0].UndefinedReason);

        string[] lines = report.ToString().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("  mass ", StringComparison.Ordinal) && l.Contains("n/a", StringComparison.Ordinal) && l.Contains("no positives", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  macro ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  micro ", StringComparison.Ordinal));
        // The table is aligned: every label row puts its AUROC in the same columns as the header's.
        int aurocEnd = lines.Single(l => l.Contains("AUROC", StringComparison.Ordinal)).IndexOf("AUROC", StringComparison.Ordinal) + 5;
        foreach (LabelEvaluation label in report.Labels.Where(l => l.UndefinedReason is null))
        {
            string row = lines.Single(l => l.StartsWith("  " + label.Name + " ", StringComparison.Ordinal));
            Assert.Equal(label.Auroc.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), row[(aurocEnd - 6)..aurocEnd]);
        }
    }

    [Fact]
    public void Multi_class_report_is_one_vs_rest_with_top_one_accuracy()
    {
        var random = new Random(3);
        const int Samples = 500, Classes = 4;
        var probabilities = new float[Samples * Classes];
        var targets = new float[Samples];
        int correct = 0;
        for (int sample = 0; sample < Samples; sample++)
        {
            targets[sample] = random.Next(Classes);
            Span<float> row = probabilities.AsSpan(sample * Classes, Classes);
            for (int k = 0; k < Classes; k++)
            {
                row[k] = (float)Math.Exp(random.NextDouble() * 2 + (k == targets[sample] ? 1 : 0));
            }

            float sum = row.ToArray().Sum();
            for (int k = 0; k < Classes; k++)
            {
                row[k] /= sum;
            }

            correct += row.IndexOf(row.ToArray().Max()) == targets[sample] ? 1 : 0;
        }

        EvaluationReport report = EvaluationReport.Create(ModelTask.MultiClass, probabilities, targets, Classes, 1.1);
        Assert.Equal((double)correct / Samples, report.Accuracy);
        Assert.Equal(Auroc.MultiClassOneVsRest(probabilities, targets, Classes, AurocAverage.Macro).PerLabel, report.Labels.Select(l => l.Auroc));
        Assert.Equal(Auroc.MultiClassOneVsRest(probabilities, targets, Classes, AurocAverage.Macro).Value, report.MacroAuroc, 15);
        Assert.Equal(Auroc.MultiClassOneVsRest(probabilities, targets, Classes, AurocAverage.Weighted).Value, report.WeightedAuroc!.Value, 15);
        Assert.Null(report.MicroAuroc);
        Assert.Equal(Enumerable.Range(0, Classes).Select(k => $"class {k}"), report.Labels.Select(l => l.Name));
        Assert.Equal(Samples, report.Labels.Sum(l => l.Positives));

        string text = report.ToString();
        Assert.Contains("accuracy  ", text, StringComparison.Ordinal);
        Assert.Contains("(top-1)", text, StringComparison.Ordinal);
        Assert.Contains("\n  weighted ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Roc_csv_has_one_row_per_point_of_each_defined_curve()
    {
        EvaluationReport report = TwoLabelReport(["plain", "with, comma \"quoted\""]);
        var csv = new StringWriter();
        report.WriteRocCsv(csv);
        string[] lines = csv.ToString().TrimEnd('\n').Split('\n');

        Assert.Equal("label,threshold,false_positive_rate,true_positive_rate", lines[0]);
        Assert.Equal(report.Labels.Sum(l => l.RocCurve!.Thresholds.Count), lines.Length - 1);
        Assert.StartsWith("plain,inf,0,0", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"with, comma \"\"quoted\"\"\",inf,0,0", lines, StringComparer.Ordinal);
        Assert.All(lines.Skip(1), line => Assert.Equal(3, line.Count(c => c == ',') - (line.StartsWith('"') ? 1 : 0)));
        Assert.EndsWith(",1,1", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Roc_svg_is_well_formed_with_a_curve_and_a_legend_entry_per_label()
    {
        EvaluationReport report = TwoLabelReport(["nodule", "<mass & more>"]);
        var svg = new StringWriter();
        report.WriteRocSvg(svg);

        XDocument document = XDocument.Parse(svg.ToString());
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", document.Root!.Name);
        Assert.Equal(2, document.Descendants(ns + "polyline").Count());
        string[] texts = document.Descendants(ns + "text").Select(t => t.Value).ToArray();
        foreach (LabelEvaluation label in report.Labels)
        {
            Assert.Contains($"{label.Name} (AUROC {label.Auroc.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)})", texts);
        }

        Assert.Contains("False positive rate (1 - specificity)", texts);
        Assert.Contains(document.Descendants(ns + "line"), l => (string?)l.Attribute("stroke-dasharray") is not null);
    }

    [Fact]
    public void Files_are_written_by_path()
    {
        EvaluationReport report = TwoLabelReport(["a", "b"]);
        string directory = Directory.CreateTempSubdirectory("modelgen-report-").FullName;
        try
        {
            report.WriteRocCsv(Path.Combine(directory, "roc.csv"));
            report.WriteRocSvg(Path.Combine(directory, "roc.svg"));
            Assert.StartsWith("label,threshold", File.ReadAllText(Path.Combine(directory, "roc.csv")), StringComparison.Ordinal);
            XDocument.Load(Path.Combine(directory, "roc.svg"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Shapes_that_do_not_fit_the_task_say_what_is_expected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationReport.Create(ModelTask.Binary, [0.1f, 0.2f], [0, 1], 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationReport.Create(ModelTask.MultiClass, [0.1f], [0], 1, 0));
        var error = Assert.Throws<ArgumentException>(() => EvaluationReport.Create(ModelTask.MultiLabel, [0.1f, 0.2f, 0.3f, 0.4f], [0, 1], 2, 0));
        Assert.Equal("probabilities holds 2 samples, so a MultiLabel model needs 4 targets (2 per sample), but targets has 2. (Parameter 'targets')", error.Message);
        error = Assert.Throws<ArgumentException>(() => EvaluationReport.Create(ModelTask.MultiClass, [0.1f, 0.9f, 0.6f, 0.4f], [1, 2], 2, 0));
        Assert.StartsWith("targets[1] is 2; a class index must be a whole number from 0 to 1.", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => EvaluationReport.Create(ModelTask.MultiLabel, [0.1f, 0.2f, 0.3f, 0.4f], [0, 1, 2, 1], 2, 0));
        Assert.StartsWith("targets[2] (sample 1, label 0) is 2; every label must be 0 or 1.", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => EvaluationReport.Create(ModelTask.Binary, [0.1f, 0.2f], [0, 1], 1, 0, ["a", "b"]));
        Assert.Equal("labelNames", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => EvaluationReport.Create(ModelTask.Binary, [], [], 1, 0));
        Assert.StartsWith("There are no samples to evaluate.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_attribute_keeps_the_names_in_order()
    {
        var attribute = new LabelsAttribute("nodule", "mass");
        Assert.Equal(["nodule", "mass"], attribute.Names);
        var usage = (AttributeUsageAttribute)Attribute.GetCustomAttribute(typeof(LabelsAttribute), typeof(AttributeUsageAttribute))!;
        Assert.Equal(AttributeTargets.Class, usage.ValidOn);
    }

    private static EvaluationReport TwoLabelReport(string[] names)
    {
        var (probabilities, targets) = Sigmoids(new Random(9), samples: 120, labels: 2);
        return EvaluationReport.Create(ModelTask.MultiLabel, probabilities, targets, 2, 0.5, names);
    }

    // Probabilities that lean toward the targets, rounded to two decimals so ties occur.
    private static (float[] Probabilities, float[] Targets) Sigmoids(Random random, int samples, int labels)
    {
        var probabilities = new float[samples * labels];
        var targets = new float[samples * labels];
        for (int i = 0; i < probabilities.Length; i++)
        {
            targets[i] = random.NextDouble() < 0.35 ? 1 : 0;
            double logit = random.NextDouble() * 4 - 2 + 1.5 * targets[i];
            probabilities[i] = (float)Math.Round(1 / (1 + Math.Exp(-logit)), 2);
        }

        return (probabilities, targets);
    }

    private static double ThresholdAccuracy(float[] probabilities, float[] targets) =>
        (double)probabilities.Zip(targets).Count(p => (p.First >= 0.5f) == (p.Second == 1)) / probabilities.Length;
}
