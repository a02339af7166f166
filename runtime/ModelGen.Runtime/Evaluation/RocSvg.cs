using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using ModelGen.Metrics;

namespace ModelGen;

/// <summary>Draws the ROC curves of an <see cref="EvaluationReport"/> as a self-contained SVG, written by hand.</summary>
internal static class RocSvg
{
    private const int PlotSize = 400;
    private const int Left = 70;
    private const int Top = 50;
    private const int LegendLeft = Left + PlotSize + 30;
    private const int LegendRow = 20;
    private const int LegendTextLeft = LegendLeft + 34;

    // No text measuring without a font engine: a generous average width of a 13-pixel sans-serif character.
    private const double CharacterWidth = 7.5;

    // Matplotlib's "tab10": distinct for the colour-blind in its first few entries, and familiar from Python plots.
    private static readonly string[] Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public static void Write(EvaluationReport report, TextWriter writer)
    {
        string[] legends = report.Labels.Select(Legend).ToArray();
        int width = LegendTextLeft + 20 + (int)(CharacterWidth * legends.Max(l => l.Length));
        int height = Math.Max(Top + PlotSize + 60, Top + 10 + LegendRow * report.Labels.Count);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"13\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + PlotSize / 2}\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">ROC curves: {report.Task}, {report.SampleCount:N0} samples</text>\n");
        Axes(svg);
        for (int i = 0; i < report.Labels.Count; i++)
        {
            Curve(svg, report.Labels[i], legends[i], Palette[i % Palette.Length], i);
        }

        svg.Append("</svg>\n");
        writer.Write(svg.ToString());
    }

    private static void Axes(StringBuilder svg)
    {
        for (int tick = 0; tick <= 5; tick++)
        {
            double at = tick / 5.0;
            string label = at.ToString("0.0", CultureInfo.InvariantCulture);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(at)}\" y1=\"{Y(0)}\" x2=\"{X(at)}\" y2=\"{Y(1)}\" stroke=\"#e0e0e0\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(0)}\" y1=\"{Y(at)}\" x2=\"{X(1)}\" y2=\"{Y(at)}\" stroke=\"#e0e0e0\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(at)}\" y=\"{Y(0) + 18}\" text-anchor=\"middle\">{label}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(0) - 8}\" y=\"{Y(at) + 4}\" text-anchor=\"end\">{label}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{PlotSize}\" height=\"{PlotSize}\" fill=\"none\" stroke=\"black\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(0)}\" y1=\"{Y(0)}\" x2=\"{X(1)}\" y2=\"{Y(1)}\" stroke=\"#999999\" stroke-dasharray=\"6 4\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + PlotSize / 2}\" y=\"{Y(0) + 42}\" text-anchor=\"middle\">False positive rate (1 - specificity)</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate({Left - 45} {Top + PlotSize / 2}) rotate(-90)\" text-anchor=\"middle\">True positive rate (sensitivity)</text>\n");
    }

    private static void Curve(StringBuilder svg, LabelEvaluation label, string legend, string colour, int row)
    {
        int y = Top + 10 + row * LegendRow;
        if (label.RocCurve is not RocCurve curve)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LegendTextLeft}\" y=\"{y + 4}\" fill=\"#777777\">{Escape(legend)}</text>\n");
            return;
        }

        string points = string.Join(" ", Enumerable.Range(0, curve.Thresholds.Count)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"{X(curve.FalsePositiveRates[i]):0.##},{Y(curve.TruePositiveRates[i]):0.##}")));
        svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{points}\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{LegendLeft}\" y1=\"{y}\" x2=\"{LegendLeft + 26}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"3\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LegendTextLeft}\" y=\"{y + 4}\">{Escape(legend)}</text>\n");
    }

    private static string Legend(LabelEvaluation label) => label.UndefinedReason is { } reason
        ? $"{label.Name} (undefined: {reason})"
        : string.Create(CultureInfo.InvariantCulture, $"{label.Name} (AUROC {label.Auroc:F3})");

    private static double X(double falsePositiveRate) => Left + falsePositiveRate * PlotSize;

    private static double Y(double truePositiveRate) => Top + (1 - truePositiveRate) * PlotSize;

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
