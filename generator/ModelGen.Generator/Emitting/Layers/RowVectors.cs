using System;
using System.Collections.Generic;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>
/// The vectors that cover a row of <c>length</c> pixels from <c>start</c>, two at a time so that each broadcast
/// weight serves both: pairs of full vectors (a loop once there are two pairs or more), then the odd full vector
/// together with the tail, a last vector that ends at the row's last pixel and overlaps the one before. A row
/// narrower than a vector gets one vector from its start, whose last lanes reach past it.
/// </summary>
internal static class RowVectors
{
    public static void Emit(SourceWriter writer, int start, int length, int width, string loopVariable, Action<string[]> body)
    {
        int fullVectors = length / width, pairs = fullVectors / 2;
        if (pairs == 1)
        {
            body([Code.Int(start), Code.Int(start + width)]);
        }
        else if (pairs > 1)
        {
            using (writer.Block($"for (int {loopVariable} = {start}; {loopVariable} <= {start + ((pairs - 1) * 2 * width)}; {loopVariable} += {2 * width})"))
            {
                body([loopVariable, $"{loopVariable} + {width}"]);
            }
        }

        var rest = new List<string>();
        if (fullVectors % 2 == 1)
        {
            rest.Add(Code.Int(start + (pairs * 2 * width)));
        }

        if (length % width != 0)
        {
            rest.Add(Code.Int(fullVectors == 0 ? start : start + length - width));
        }

        if (rest.Count > 0)
        {
            body([.. rest]);
        }
    }

    /// <summary>
    /// One tap of a kernel row for a block of channels over the vectors of a body: a load per vector
    /// (<paramref name="loads"/>), a broadcast weight per channel (in a variable when two vectors share it) and a fused
    /// multiply-add per channel and vector into <see cref="Accumulator"/>.
    /// </summary>
    public static void EmitTap(SourceWriter writer, string vector, string helper, int kx, string[] loads, int channels, Func<int, string> weightIndex)
    {
        for (int p = 0; p < loads.Length; p++)
        {
            writer.Line($"{vector} x{p}_{kx} = {loads[p]};");
        }

        for (int b = 0; b < channels; b++)
        {
            string weight = $"{helper}.Create(Unsafe.Add(ref parameters, {weightIndex(b)}))";
            if (loads.Length > 1)
            {
                writer.Line($"{vector} w{b}_{kx} = {weight};");
                weight = $"w{b}_{kx}";
            }

            for (int p = 0; p < loads.Length; p++)
            {
                writer.Line($"{Accumulator(b, p)} = {helper}.FusedMultiplyAdd(x{p}_{kx}, {weight}, {Accumulator(b, p)});");
            }
        }
    }

    /// <summary>The accumulator of channel <paramref name="b"/> of a block for the body's vector <paramref name="p"/>.</summary>
    public static string Accumulator(int b, int p) => p == 0 ? $"a{b}" : $"a{b}_{p}";
}
