using System;
using System.Linq;
using System.Reflection;
using System.Text;
using ModelGen.Tests.Harness;
using ModelGen.Tests.Reference;
using Xunit;

namespace ModelGen.Tests;

/// <summary>Generated code against the plain reference on many random architectures, compiled together in memory.</summary>
public sealed class ReferenceComparisonTests
{
    // A third as many on the narrower paths, which run in child processes of the same suite, and fewer still under
    // emulation (Arm64Tests), where every model is compiled and run tens of times slower.
    private static readonly int ModelCount = Arm64Tests.IsEmulatedRun ? 16 : InstructionSetTests.IsChildRun ? 80 : 240;

    // Float accumulation against a double reference, on probabilities in [0, 1].
    private const double Tolerance = 2e-5;

    [Fact]
    public void Random_architectures_match_the_reference_with_their_own_and_imported_parameters()
    {
        var random = new Random(20261128);
        var networks = Enumerable.Range(0, ModelCount).Select(_ => RandomArchitectures.Next(random)).ToArray();
        var source = new StringBuilder("using ModelGen;\nnamespace Random;\n");
        for (int i = 0; i < networks.Length; i++)
        {
            source.Append(networks[i].Declaration($"M{i}"));
        }

        Assembly assembly = GeneratorHarness.CompileAndLoad(source.ToString());
        var kinds = new System.Collections.Generic.HashSet<RefKind>();
        for (int i = 0; i < networks.Length; i++)
        {
            ReferenceNetwork network = networks[i];
            kinds.UnionWith(network.Layers.Select(l => l.Kind));
            string context = $"M{i}: {network.Declaration($"M{i}").Replace('\n', ' ')}";
            IModel model = GeneratorHarness.Create(assembly, $"Random.M{i}", seed: i);
            Assert.Equal(network.ParameterCount, model.ParameterCount);
            Assert.Equal(network.OutputLength, model.OutputLength);

            float[] input = Numbers.RandomNormal(random, model.InputLength);
            var own = new float[model.ParameterCount];
            model.ExportParameters(own);
            CheckPrediction(model, network, own, input, context + " (initial parameters)");

            float[] imported = Numbers.RandomNormal(random, model.ParameterCount, scale: 0.3);
            model.ImportParameters(imported);
            CheckPrediction(model, network, imported, input, context + " (imported parameters)");
            CheckLayerOutputs((ITrainableModel)model, network, imported, input, context);
        }

        Assert.Equal(Enum.GetValues<RefKind>().Length, kinds.Count);
    }

    private static void CheckLayerOutputs(ITrainableModel model, ReferenceNetwork network, float[] parameters, float[] input, string context)
    {
        float[][] actual = model.LayerOutputs(input);
        var expected = network.LayerOutputs(parameters.Select(v => (double)v).ToArray(), input);
        Assert.Equal(expected.Count, actual.Length);
        for (int layer = 0; layer < expected.Count; layer++)
        {
            // Activations are not squashed into [0, 1] like probabilities; the tolerance grows with their size.
            double scale = 1 + expected[layer].Select(Math.Abs).DefaultIfEmpty().Max();
            Numbers.AssertClose(expected[layer], actual[layer], 2e-5 * scale, $"{context}, output of layer {layer}");
        }
    }

    private static void CheckPrediction(IModel model, ReferenceNetwork network, float[] parameters, float[] input, string context)
    {
        var output = new float[model.OutputLength];
        BufferGuards.Predict(model, input, output, context);
        Numbers.AssertClose(network.Forward(parameters, input), output, Tolerance, context);
    }
}
