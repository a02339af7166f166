using System.Globalization;
using System.Linq;
using System.Text;

namespace ModelGen;

/// <summary>Formats an <see cref="EvaluationReport"/> as an aligned plain-text table.</summary>
internal static class ReportTable
{
    private const string Missing = "n/a";

    public static string Format(EvaluationReport report)
    {
        int nameWidth = report.Labels.Select(l => l.Name.Length).Append("weighted".Length).Max();
        var text = new StringBuilder();
        string outputs = report.Task switch
        {
            ModelTask.Binary => "",
            ModelTask.MultiClass => $", {report.Labels.Count} classes",
            _ => $", {report.Labels.Count} labels",
        };
        text.Append(string.Create(CultureInfo.InvariantCulture, $"{report.Task} evaluation of {report.SampleCount:N0} samples{outputs}\n"));
        text.Append(string.Create(CultureInfo.InvariantCulture, $"  loss      {report.Loss:G6}\n"));
        string rule = report.Task switch
        {
            ModelTask.Binary => "positive at probability >= 0.5",
            ModelTask.MultiClass => "top-1",
            _ => "per label, positive at probability >= 0.5",
        };
        text.Append(string.Create(CultureInfo.InvariantCulture, $"  accuracy  {report.Accuracy:F4}  ({rule})\n\n"));

        string header = report.Task == ModelTask.MultiClass ? "class" : "label";
        text.Append(Row(header.PadRight(nameWidth), "positives", "negatives", "AUROC", "95% CI (DeLong)", "AP"));
        foreach (LabelEvaluation label in report.Labels)
        {
            string interval = label.UndefinedReason ?? (label.AurocInterval is { } ci ? string.Create(CultureInfo.InvariantCulture, $"[{ci.Lower:F4}, {ci.Upper:F4}]") : Missing);
            text.Append(Row(
                label.Name.PadRight(nameWidth), string.Create(CultureInfo.InvariantCulture, $"{label.Positives:N0}"), string.Create(CultureInfo.InvariantCulture, $"{label.Negatives:N0}"),
                Number(label.Auroc), interval, Number(label.AveragePrecision)));
        }

        if (report.Task != ModelTask.Binary)
        {
            text.Append(Row("macro".PadRight(nameWidth), "", "", Number(report.MacroAuroc), "", Number(report.MacroAveragePrecision)));
        }

        if (report.MicroAuroc is double micro)
        {
            text.Append(Row("micro".PadRight(nameWidth), "", "", Number(micro), "", Number(report.MicroAveragePrecision ?? double.NaN)));
        }

        if (report.WeightedAuroc is double weighted)
        {
            text.Append(Row("weighted".PadRight(nameWidth), "", "", Number(weighted), "", ""));
        }

        return text.ToString();
    }

    private static string Row(string name, string positives, string negatives, string auroc, string interval, string averagePrecision) =>
        $"  {name}  {positives,9}  {negatives,9}  {auroc,6}  {interval,-16}  {averagePrecision,6}".TrimEnd() + "\n";

    private static string Number(double value) => double.IsNaN(value) ? Missing : value.ToString("F4", CultureInfo.InvariantCulture);
}
