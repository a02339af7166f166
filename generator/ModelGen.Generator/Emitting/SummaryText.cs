using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting;

/// <summary>The Keras-style table behind the generated <c>Summary</c> property, written once at compile time.</summary>
internal static class SummaryText
{
    public static string For(ModelPlan plan)
    {
        var rows = new List<string[]> { new[] { "#", "Layer", "Output shape", "Params", "FLOPs" } };
        rows.Add(new[] { "", "Input", plan.Input.ToString(), "", "" });
        foreach (LayerPlan layer in plan.Layers)
        {
            rows.Add(new[] { layer.Index.ToString(CultureInfo.InvariantCulture), layer.Declaration, layer.Output.ToString(), Number(layer.ParameterCount), Number(layer.Flops) });
        }

        int[] widths = Enumerable.Range(0, 5).Select(c => rows.Max(r => r[c].Length)).ToArray();
        int total = widths.Sum() + (2 * (widths.Length - 1));
        var text = new StringBuilder();
        text.Append($"Model: {plan.TypeName} ({plan.Task}, {Head(plan)})\n");
        for (int r = 0; r < rows.Count; r++)
        {
            string[] row = rows[r];
            text.Append(row[0].PadLeft(widths[0])).Append("  ")
                .Append(row[1].PadRight(widths[1])).Append("  ")
                .Append(row[2].PadRight(widths[2])).Append("  ")
                .Append(row[3].PadLeft(widths[3])).Append("  ")
                .Append(row[4].PadLeft(widths[4])).Append('\n');
            if (r == 0)
            {
                text.Append(new string('=', total)).Append('\n');
            }
        }

        text.Append(new string('=', total)).Append('\n');
        text.Append($"Total params: {Number(plan.ParameterCount)}\n");
        text.Append($"FLOPs per sample: {Number(plan.Flops)} ({(plan.Flops / 1e6).ToString("0.00", CultureInfo.InvariantCulture)} MFLOP; a multiply-add counts 2)");
        return text.ToString();
    }

    public static string Head(ModelPlan plan) => plan.Task switch
    {
        TaskKind.MultiClass => $"softmax over {plan.OutputLength} classes",
        TaskKind.Binary => "sigmoid probability",
        _ => $"{plan.OutputLength} independent sigmoids",
    };

    /// <summary>A C# string literal holding <paramref name="text"/>.</summary>
    public static string Literal(string text) =>
        "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
