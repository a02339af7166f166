using System;
using System.Linq;
using ModelGen.Internal;
using ModelGen.Tests.Harness;
using Xunit;

namespace ModelGen.Tests;

/// <summary>
/// The Winograd F(2x2, 3x3) weight transform against its definition, and the tail cases meant for the Winograd kernels
/// do run them (their numbers are checked against the scalar path in <see cref="KernelTailTests"/>).
/// </summary>
public sealed class WinogradTests
{
    private static readonly double[,] G = { { 1, 0, 0 }, { 0.5, 0.5, 0.5 }, { 0.5, -0.5, 0.5 }, { 0, 0, 1 } };

    [Fact]
    public void Weight_transforms_are_G_g_G_transposed_in_the_kernels_layouts()
    {
        const int outputs = 3, inputs = 5;
        float[] weight = Numbers.RandomNormal(new Random(11), outputs * inputs * 9);
        var forward = new float[16 * outputs * inputs];
        var inputGradient = new float[forward.Length];
        Winograd.TransformWeights(weight, forward, outputs, inputs);
        Winograd.TransformWeightsForInputGradient(weight, inputGradient, outputs, inputs);
        for (int oc = 0; oc < outputs; oc++)
        {
            for (int ic = 0; ic < inputs; ic++)
            {
                for (int i = 0; i < 4; i++)
                {
                    for (int j = 0; j < 4; j++)
                    {
                        double straight = 0, turned = 0;
                        for (int a = 0; a < 3; a++)
                        {
                            for (int b = 0; b < 3; b++)
                            {
                                straight += G[i, a] * weight[((oc * inputs) + ic) * 9 + (a * 3) + b] * G[j, b];
                                turned += G[i, a] * weight[((oc * inputs) + ic) * 9 + ((2 - a) * 3) + (2 - b)] * G[j, b];
                            }
                        }

                        int position = (i * 4) + j;
                        Assert.Equal(straight, forward[(((position * inputs) + ic) * outputs) + oc], 1e-6);
                        Assert.Equal(turned, inputGradient[(((position * outputs) + oc) * inputs) + ic], 1e-6);
                    }
                }
            }
        }
    }

    [Fact]
    public void Weight_transform_rejects_spans_of_the_wrong_length()
    {
        var error = Assert.Throws<ArgumentException>(() => Winograd.TransformWeights(new float[18], new float[16], 1, 2));
        Assert.Contains("1 x 2 kernels of 3x3 take 18 weights and 32 transformed floats, not 18 and 16", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Winograd.TransformWeightsForInputGradient(new float[9], new float[15], 1, 1));
    }

    [Fact]
    public void Winograd_tail_cases_take_the_winograd_kernels()
    {
        foreach (var (name, declaration) in KernelTailTests.Cases(emulated: false).Where(c => c.Name.StartsWith("Winograd", StringComparison.Ordinal)))
        {
            var outcome = GeneratorHarness.Run($"using ModelGen;\nnamespace Tails;\n{declaration}\npublic partial class {name} {{ }}\n");
            string source = outcome.GeneratedSources.Values.Single();
            Assert.Contains("global::ModelGen.Internal.Winograd.TransformWeights(", source, StringComparison.Ordinal);
            // The input gradient runs Winograd where the layer's input channels come in multiples of 4.
            bool inputsInLanes = int.Parse(declaration.Split("Conv2D(")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture) % 4 == 0;
            Assert.Equal(inputsInLanes, source.Contains("global::ModelGen.Internal.Winograd.TransformWeightsForInputGradient(", StringComparison.Ordinal));
            // So does the weight gradient, as every case has output channels in multiples of 4 (in lanes).
            Assert.Contains("// Weight gradient by Winograd F(2x2, 3x3)", source, StringComparison.Ordinal);
            // WinogradOverlap's 49 tiles go in blocks of 10, the last starting at 39 (see WinogradBlock).
            Assert.Equal(name == "WinogradOverlap", source.Contains("int t0 = global::System.Math.Min(next, 39);", StringComparison.Ordinal));
            // 8 channels in the products' lanes (a forward pass with 8 outputs, an input gradient with 8 inputs) take
            // two tiles per vector on AVX-512 where the transformed channels come in multiples of 16.
            Assert.Equal(name is "Winograd8" or "WinogradOverlap" or "WinogradPairs", source.Contains("global::ModelGen.Internal.TilePairs.InputTransform(", StringComparison.Ordinal));
            // A transform of 8 channels (5 to 8, padded to 8) on AVX-512 takes two tiles per vector.
            int inputs = int.Parse(declaration.Split("Conv2D(")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
            if ((inputs + 3) / 4 * 4 == 8)
            {
                Assert.Contains("global::ModelGen.Internal.TilePairs.InputTransform8(", source, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Inference_pools_in_the_output_transform_where_the_windows_are_the_tiles()
    {
        foreach (var (name, declaration) in KernelTailTests.Cases(emulated: false).Where(c => c.Name.StartsWith("PooledWinograd", StringComparison.Ordinal)))
        {
            var outcome = GeneratorHarness.Run($"using ModelGen;\nnamespace Tails;\n{declaration}\npublic partial class {name} {{ }}\n");
            string source = outcome.GeneratedSources.Values.Single();
            Assert.Contains("Layer2_Conv2D_Pooled(", source, StringComparison.Ordinal);
            Assert.Contains("//    done by Layer2_Conv2D_Pooled", source, StringComparison.Ordinal);
            Assert.Contains("Layer2_Conv2D_Winograd_Avx512(input, pooled, scratch, pool: true);", source, StringComparison.Ordinal);
            // Two tiles per vector in the shared forward pass where 8 outputs meet 16 inputs.
            Assert.Equal(name == "PooledWinograd8", source.Contains("Layer2_Conv2D_Forward_InputTransformPairs(", StringComparison.Ordinal));
        }

        // A pool whose windows are not the tiles (an odd output, cropped) runs on its own.
        var odd = GeneratorHarness.Run("using ModelGen;\nnamespace Tails;\n[Model(2, 9, 10)][Conv2D(8, 1), Tanh, Conv2D(16, 3, Padding = 1), ReLU, MaxPool2D(2), Flatten, Dense(2)]\npublic partial class Odd { }\n");
        Assert.DoesNotContain("_Pooled(", odd.GeneratedSources.Values.Single(), StringComparison.Ordinal);
    }
}
