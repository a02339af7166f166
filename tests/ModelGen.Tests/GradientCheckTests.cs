using System;
using System.Linq;
using System.Reflection;
using System.Text;
using ModelGen.Tests.Harness;
using ModelGen.Tests.Reference;
using Xunit;

namespace ModelGen.Tests;

/// <summary>The generated backward pass against central finite differences of the double-precision reference loss.</summary>
public sealed class GradientCheckTests
{
    // Fewer on the narrower paths (InstructionSetTests), fewer still under emulation (Arm64Tests).
    private static readonly int ModelCount = Arm64Tests.IsEmulatedRun ? 6 : InstructionSetTests.IsChildRun ? 40 : 120;
    private const int Batch = 3;
    private const int ParametersChecked = 24;
    private const double Step = 1e-4;

    [Fact]
    public void Gradients_of_random_models_match_finite_differences()
    {
        var random = new Random(31337);
        var networks = Enumerable.Range(0, ModelCount).Select(_ => RandomArchitectures.Next(random)).ToArray();
        var source = new StringBuilder("using ModelGen;\nnamespace Gradients;\n");
        for (int i = 0; i < networks.Length; i++)
        {
            source.Append(networks[i].Declaration($"G{i}"));
        }

        Assembly assembly = GeneratorHarness.CompileAndLoad(source.ToString());
        int checkedCount = 0, nonSmooth = 0;
        for (int i = 0; i < networks.Length; i++)
        {
            ReferenceNetwork network = networks[i];
            var model = (ITrainableModel)GeneratorHarness.Create(assembly, $"Gradients.G{i}", seed: i);
            float[] parameters = new float[model.ParameterCount];
            model.ExportParameters(parameters);
            float[] inputs = Numbers.RandomNormal(random, Batch * model.InputLength);
            float[] targets = RandomTargets(random, model, Batch);

            int perSample = model.Task == ModelTask.MultiClass ? 1 : model.OutputLength;
            var gradients = new float[model.ParameterCount];
            double lossSum = BufferGuards.AccumulateGradients(model, inputs, targets, gradients, 1f / (Batch * perSample), $"G{i}");

            double[] exact = parameters.Select(v => (double)v).ToArray();
            double referenceLoss = network.Loss(exact, inputs, targets);
            Assert.True(Math.Abs((lossSum / (Batch * perSample)) - referenceLoss) <= 1e-5 + (1e-5 * Math.Abs(referenceLoss)), $"G{i}: loss {lossSum / (Batch * perSample)} vs reference {referenceLoss}");

            var indices = model.ParameterCount <= ParametersChecked
                ? Enumerable.Range(0, model.ParameterCount)
                : Enumerable.Range(0, ParametersChecked).Select(_ => random.Next(model.ParameterCount));
            foreach (int p in indices)
            {
                double numeric = CentralDifference(network, exact, p, Step, inputs, targets);
                if (!IsSmooth(numeric, CentralDifference(network, exact, p, Step / 8, inputs, targets)))
                {
                    // A ReLU kink or a max-pool switch inside the step: finite differences mean nothing there.
                    nonSmooth++;
                    continue;
                }

                double error = Math.Abs(gradients[p] - numeric);
                Assert.True(
                    error <= 2e-5 + (2e-3 * Math.Abs(numeric)),
                    $"G{i} parameter {p}: backward gives {gradients[p]:R}, finite differences {numeric:R}. {network.Declaration($"G{i}").Replace('\n', ' ')}");
                checkedCount++;
            }
        }

        Assert.True(nonSmooth * 50 < checkedCount, $"{nonSmooth} of {checkedCount + nonSmooth} checks fell on a kink");
        Assert.True(checkedCount > ModelCount * 10);
    }

    private static double CentralDifference(ReferenceNetwork network, double[] parameters, int index, double step, float[] inputs, float[] targets)
    {
        double saved = parameters[index];
        parameters[index] = saved + step;
        double up = network.Loss(parameters, inputs, targets);
        parameters[index] = saved - step;
        double down = network.Loss(parameters, inputs, targets);
        parameters[index] = saved;
        return (up - down) / (2 * step);
    }

    private static bool IsSmooth(double a, double b) => Math.Abs(a - b) <= 1e-6 + (1e-4 * Math.Abs(a));

    internal static float[] RandomTargets(Random random, IModel model, int batch)
    {
        var trainable = (ITrainableModel)model;
        return trainable.Task == ModelTask.MultiClass
            ? Enumerable.Range(0, batch).Select(_ => (float)random.Next(model.OutputLength)).ToArray()
            : Enumerable.Range(0, batch * model.TargetLength).Select(_ => (float)random.Next(2)).ToArray();
    }
}
