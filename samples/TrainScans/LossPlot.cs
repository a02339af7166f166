using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace ModelGen.Samples;

/// <summary>Training and validation loss per epoch as a small SVG line chart.</summary>
internal static class LossPlot
{
    public static void Write(string path, TrainingHistory history)
    {
        const double Width = 480, Height = 320, Left = 56, Right = 16, Top = 28, Bottom = 44;
        double[] train = history.Epochs.Select(e => e.Loss).ToArray();
        double[] validation = history.Epochs.Select(e => e.ValidationLoss ?? double.NaN).ToArray();
        double max = train.Concat(validation.Where(v => !double.IsNaN(v))).Max() * 1.05;
        int epochs = train.Length;
        double X(int i) => Left + ((Width - Left - Right) * (epochs == 1 ? 0.5 : (double)i / (epochs - 1)));
        double Y(double v) => Top + ((Height - Top - Bottom) * (1 - (v / max)));
        string Line(double[] values) => string.Join(" ", values.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{X(i):0.0},{Y(v):0.0}")));

        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">Loss per epoch</text>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>");
        for (int i = 0; i <= 4; i++)
        {
            double v = max * i / 4;
            svg.AppendLine(string.Create(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(v) + 4:0.0}\" text-anchor=\"end\">{v:0.00}</text>"));
        }

        for (int i = 0; i < epochs; i++)
        {
            svg.AppendLine(string.Create(CultureInfo.InvariantCulture, $"<text x=\"{X(i):0.0}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{i + 1}</text>"));
        }

        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\">epoch</text>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"{Line(train)}\"/>");
        if (validation.All(v => !double.IsNaN(v)))
        {
            svg.AppendLine(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" points=\"{Line(validation)}\"/>");
        }

        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right - 150}\" y=\"{Top + 14}\" fill=\"#1f77b4\">training</text>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right - 80}\" y=\"{Top + 14}\" fill=\"#d62728\">validation</text>");
        svg.AppendLine("</svg>");
        File.WriteAllText(path, svg.ToString());
    }
}
