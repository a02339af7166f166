using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Benchmarks;

/// <summary>
/// Which layout for Winograd F(2x2, 3x3) on the reference CNN's 3x3 convolution (8x14x14 -> 16x14x14, padding 1)?
/// The generated kernel keeps channels in the vector lanes (see the generator's WinogradTiles); this hand-written one
/// puts the 7 tiles of a tile row in the lanes of 8-float vectors, over the input split into even and odd columns.
/// Both are checked against each other on the same weights, then timed in turn (winograd mode). The weights are
/// transformed once, as the packed copy is after each parameter update; the input and output transforms run per call.
/// </summary>
internal static class WinogradProbe
{
    private const int Inputs = 8, Outputs = 16, Size = 14, Tiles = Size / 2, Padded = Size + 2, Phase = 8;

    public static int Run(double seconds)
    {
        var model = new ReferenceCnn(seed: 0);
        var parameters = new float[ReferenceCnn.ParameterCount];
        model.ExportParameters(parameters);
        const int weightOffset = 80, biasOffset = 1232;   // layer 3 in state_dict order (see Description)
        float[] u = TransformWeights(parameters.AsSpan(weightOffset, Outputs * Inputs * 9));
        float[] bias = parameters.AsSpan(biasOffset, Outputs).ToArray();

        var random = new Random(7);
        float[] input = new float[Inputs * Size * Size];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (float)random.NextDouble();
        }

        float[] generated = new float[Outputs * Size * Size], tiles = new float[generated.Length + 16], scratch = new float[1 << 16];
        float[] phases = new float[(Inputs * Padded * 2 * Phase) + 16], v = new float[16 * Inputs * Tiles * 8], m = new float[16 * 2 * Tiles * 8];
        Layer3(model, input, generated, scratch);
        Convolve(input, u, bias, phases, v, m, tiles);
        double worst = 0;
        for (int i = 0; i < generated.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(generated[i] - tiles[i]));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Conv2D(16, 3, Padding = 1) on 8x14x14: largest difference between the two {worst:E2}"));
        if (worst > 1e-4)
        {
            Console.Error.WriteLine("The hand-written kernel is wrong; no timing.");
            return 1;
        }

        Stats[] stats = Timing.Interleaved(
        [
            new Contender("generated", () => Layer3(model, input, generated, scratch)),
            new Contender("tiles in lanes", () => Convolve(input, u, bias, phases, v, m, tiles)),
        ], 0.5, seconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated ({ReferenceCnn.ActiveInstructionSet}, channels in lanes): {stats[0].Median:0.00} µs median, {stats[0].P10:0.00} p10"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tiles in lanes, Vector256: {stats[1].Median:0.00} µs median, {stats[1].P10:0.00} p10 ({stats[1].Median / stats[0].Median:0.00}x the time)"));
        return 0;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer3_Conv2D")]
    private static extern void Layer3(ReferenceCnn m, ReadOnlySpan<float> input, Span<float> output, Span<float> scratch);

    /// <summary>U = G g G^T per (output, input) channel, stored [position, output channel, input channel].</summary>
    private static float[] TransformWeights(ReadOnlySpan<float> weight)
    {
        float[,] g = { { 1, 0, 0 }, { 0.5f, 0.5f, 0.5f }, { 0.5f, -0.5f, 0.5f }, { 0, 0, 1 } };
        var u = new float[16 * Outputs * Inputs];
        for (int oc = 0; oc < Outputs; oc++)
        {
            for (int ic = 0; ic < Inputs; ic++)
            {
                ReadOnlySpan<float> k = weight.Slice(((oc * Inputs) + ic) * 9, 9);
                for (int i = 0; i < 4; i++)
                {
                    for (int j = 0; j < 4; j++)
                    {
                        float sum = 0;
                        for (int a = 0; a < 3; a++)
                        {
                            for (int b = 0; b < 3; b++)
                            {
                                sum += g[i, a] * k[(a * 3) + b] * g[j, b];
                            }
                        }

                        u[((((i * 4) + j) * Outputs) + oc) * Inputs + ic] = sum;
                    }
                }
            }
        }

        return u;
    }

    private static void Convolve(float[] input, float[] u, float[] bias, float[] phases, float[] v, float[] m, float[] output)
    {
        // Padded input split into even and odd columns: [channel, padded row, phase, 8].
        Array.Clear(phases);
        for (int c = 0; c < Inputs; c++)
        {
            for (int y = 0; y < Size; y++)
            {
                int row = ((c * Padded) + y + 1) * 2 * Phase;
                // Input column x is padded column x + 1: even x go to the odd phase, odd x to the even phase from 1.
                ModelGen.Internal.EvenOdd.Split(input.AsSpan(((c * Size) + y) * Size, Size), phases.AsSpan(row + Phase, Tiles), phases.AsSpan(row + 1, Tiles));
            }
        }

        ref float p0 = ref MemoryMarshal.GetArrayDataReference(phases);
        ref float v0 = ref MemoryMarshal.GetArrayDataReference(v);
        for (int c = 0; c < Inputs; c++)
        {
            for (int ty = 0; ty < Tiles; ty++)
            {
                // d[r][k]: padded row 2ty + r, column 2tx + k for the tile in lane tx; t = d B row by row, then B^T t.
                nuint row = (nuint)((((c * Padded) + (2 * ty)) * 2) * Phase);
                (Vector256<float> t00, Vector256<float> t01, Vector256<float> t02, Vector256<float> t03) = RowTransform(ref p0, row);
                (Vector256<float> t10, Vector256<float> t11, Vector256<float> t12, Vector256<float> t13) = RowTransform(ref p0, row + (2 * Phase));
                (Vector256<float> t20, Vector256<float> t21, Vector256<float> t22, Vector256<float> t23) = RowTransform(ref p0, row + (4 * Phase));
                (Vector256<float> t30, Vector256<float> t31, Vector256<float> t32, Vector256<float> t33) = RowTransform(ref p0, row + (6 * Phase));
                ColumnTransform(ref v0, 0, c, ty, t00, t10, t20, t30);
                ColumnTransform(ref v0, 1, c, ty, t01, t11, t21, t31);
                ColumnTransform(ref v0, 2, c, ty, t02, t12, t22, t32);
                ColumnTransform(ref v0, 3, c, ty, t03, t13, t23, t33);
            }
        }

        ref float u0 = ref MemoryMarshal.GetArrayDataReference(u);
        ref float m0 = ref MemoryMarshal.GetArrayDataReference(m);
        ref float y0 = ref MemoryMarshal.GetArrayDataReference(output);
        for (int oc = 0; oc < Outputs; oc += 2)
        {
            // M[position][2 output channels][tile row] = sum over input channels of U * V.
            for (int pos = 0; pos < 16; pos++)
            {
                Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default;
                Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default;
                for (int c = 0; c < Inputs; c++)
                {
                    nuint at = (nuint)(((pos * Inputs) + c) * Tiles * 8);
                    Vector256<float> w0 = Vector256.Create(Unsafe.Add(ref u0, (((pos * Outputs) + oc) * Inputs) + c));
                    Vector256<float> w1 = Vector256.Create(Unsafe.Add(ref u0, (((pos * Outputs) + oc + 1) * Inputs) + c));
                    Vector256<float> x = Vector256.LoadUnsafe(ref v0, at);
                    a0 = Vector256.FusedMultiplyAdd(w0, x, a0); b0 = Vector256.FusedMultiplyAdd(w1, x, b0);
                    x = Vector256.LoadUnsafe(ref v0, at + 8);
                    a1 = Vector256.FusedMultiplyAdd(w0, x, a1); b1 = Vector256.FusedMultiplyAdd(w1, x, b1);
                    x = Vector256.LoadUnsafe(ref v0, at + 16);
                    a2 = Vector256.FusedMultiplyAdd(w0, x, a2); b2 = Vector256.FusedMultiplyAdd(w1, x, b2);
                    x = Vector256.LoadUnsafe(ref v0, at + 24);
                    a3 = Vector256.FusedMultiplyAdd(w0, x, a3); b3 = Vector256.FusedMultiplyAdd(w1, x, b3);
                    x = Vector256.LoadUnsafe(ref v0, at + 32);
                    a4 = Vector256.FusedMultiplyAdd(w0, x, a4); b4 = Vector256.FusedMultiplyAdd(w1, x, b4);
                    x = Vector256.LoadUnsafe(ref v0, at + 40);
                    a5 = Vector256.FusedMultiplyAdd(w0, x, a5); b5 = Vector256.FusedMultiplyAdd(w1, x, b5);
                    x = Vector256.LoadUnsafe(ref v0, at + 48);
                    a6 = Vector256.FusedMultiplyAdd(w0, x, a6); b6 = Vector256.FusedMultiplyAdd(w1, x, b6);
                }

                nuint to = (nuint)(pos * 2 * Tiles * 8);
                a0.StoreUnsafe(ref m0, to); a1.StoreUnsafe(ref m0, to + 8); a2.StoreUnsafe(ref m0, to + 16); a3.StoreUnsafe(ref m0, to + 24);
                a4.StoreUnsafe(ref m0, to + 32); a5.StoreUnsafe(ref m0, to + 40); a6.StoreUnsafe(ref m0, to + 48);
                b0.StoreUnsafe(ref m0, to + 56); b1.StoreUnsafe(ref m0, to + 64); b2.StoreUnsafe(ref m0, to + 72); b3.StoreUnsafe(ref m0, to + 80);
                b4.StoreUnsafe(ref m0, to + 88); b5.StoreUnsafe(ref m0, to + 96); b6.StoreUnsafe(ref m0, to + 104);
            }

            // Y = A^T M A per tile row, then even and odd output columns interleaved.
            Vector256<int> order = Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);
            for (int o = 0; o < 2; o++)
            {
                Vector256<float> b = Vector256.Create(bias[oc + o]);
                for (int ty = 0; ty < Tiles; ty++)
                {
                    nuint at = (nuint)((o * Tiles * 8) + (ty * 8));
                    (Vector256<float> s00, Vector256<float> s01) = OutputRow(ref m0, at);
                    (Vector256<float> s10, Vector256<float> s11) = OutputRow(ref m0, at + (4 * 2 * Tiles * 8));
                    (Vector256<float> s20, Vector256<float> s21) = OutputRow(ref m0, at + (8 * 2 * Tiles * 8));
                    (Vector256<float> s30, Vector256<float> s31) = OutputRow(ref m0, at + (12 * 2 * Tiles * 8));
                    nuint row = (nuint)((((oc + o) * Size) + (2 * ty)) * Size);
                    StoreRow(ref y0, row, s00 + s10 + s20 + b, s01 + s11 + s21 + b, order);
                    StoreRow(ref y0, row + Size, s10 - s20 - s30 + b, s11 - s21 - s31 + b, order);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>) RowTransform(ref float p0, nuint row)
    {
        Vector256<float> d0 = Vector256.LoadUnsafe(ref p0, row), d1 = Vector256.LoadUnsafe(ref p0, row + Phase);
        Vector256<float> d2 = Vector256.LoadUnsafe(ref p0, row + 1), d3 = Vector256.LoadUnsafe(ref p0, row + Phase + 1);
        return (d0 - d2, d1 + d2, d2 - d1, d1 - d3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ColumnTransform(ref float v0, int k, int c, int ty, Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3)
    {
        Store(r0 - r2, ref v0, 0, k, c, ty);
        Store(r1 + r2, ref v0, 1, k, c, ty);
        Store(r2 - r1, ref v0, 2, k, c, ty);
        Store(r1 - r3, ref v0, 3, k, c, ty);
    }

    /// <summary>Row i of M (positions 4i to 4i + 3) times A: its even-column and odd-column sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float>, Vector256<float>) OutputRow(ref float m0, nuint at)
    {
        const nuint next = 2 * Tiles * 8;
        Vector256<float> m1 = Vector256.LoadUnsafe(ref m0, at + next), m2 = Vector256.LoadUnsafe(ref m0, at + (2 * next));
        return (Vector256.LoadUnsafe(ref m0, at) + m1 + m2, m1 - m2 - Vector256.LoadUnsafe(ref m0, at + (3 * next)));
    }

    /// <summary>Interleaves the even and odd output columns of a row and stores 16 floats (the last two spill into the next row, written after).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(ref float y0, nuint row, Vector256<float> even, Vector256<float> odd, Vector256<int> order)
    {
        Vector256.Shuffle(Vector256.Create(even.GetLower(), odd.GetLower()), order).StoreUnsafe(ref y0, row);
        Vector256.Shuffle(Vector256.Create(even.GetUpper(), odd.GetUpper()), order).StoreUnsafe(ref y0, row + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> value, ref float v0, int i, int k, int c, int ty) =>
        value.StoreUnsafe(ref v0, (nuint)((((((i * 4) + k) * Inputs) + c) * Tiles * 8) + (ty * 8)));
}

