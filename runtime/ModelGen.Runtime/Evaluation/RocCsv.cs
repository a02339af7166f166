using System;
using System.Globalization;
using System.IO;
using ModelGen.Metrics;

namespace ModelGen;

/// <summary>Writes the ROC curves of an <see cref="EvaluationReport"/> as CSV (RFC 4180 quoting, invariant numbers).</summary>
internal static class RocCsv
{
    public static void Write(EvaluationReport report, TextWriter writer)
    {
        writer.Write("label,threshold,false_positive_rate,true_positive_rate\n");
        foreach (LabelEvaluation label in report.Labels)
        {
            if (label.RocCurve is not RocCurve curve)
            {
                continue;
            }

            string name = Quote(label.Name);
            for (int i = 0; i < curve.Thresholds.Count; i++)
            {
                writer.Write(name);
                writer.Write(',');
                writer.Write(float.IsPositiveInfinity(curve.Thresholds[i]) ? "inf" : curve.Thresholds[i].ToString("R", CultureInfo.InvariantCulture));
                writer.Write(',');
                writer.Write(curve.FalsePositiveRates[i].ToString("R", CultureInfo.InvariantCulture));
                writer.Write(',');
                writer.Write(curve.TruePositiveRates[i].ToString("R", CultureInfo.InvariantCulture));
                writer.Write('\n');
            }
        }
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
