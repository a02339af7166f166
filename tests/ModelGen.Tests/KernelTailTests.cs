using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using ModelGen.Tests.Harness;
using Xunit;

namespace ModelGen.Tests;

/// <summary>
/// Every tail the planner can produce for a vector width: channel counts 1 to 33 (output channels of one convolution,
/// input channels of the next, whose input gradient covers them) and widths 1 to 40 for the convolutions, lengths 1
/// to 40 for activations and global pooling, output widths 1 to 40 for pools, forward and backward, weight gradients
/// with output channels in lanes, and a Dense backward that skips rows, against the same models generated with the
/// scalar path only.
/// </summary>
public sealed class KernelTailTests
{
    // Under emulation (Arm64Tests) each model takes seconds to compile, so the run there takes a sample that still
    // gives NEON's 4-float vectors a tail of 1, 2 and 3 floats, none, and a loop of three, and gives blocks of 8
    // channels a partial block, one channel more, and a loop over two blocks; max and average pools, odd and even, and
    // 2x2 ones with a tail, without and with an uncovered row; channel lanes in the weight gradient, and (Lanes16) in a
    // narrow layer's forward pass and input gradient; Winograd forward passes and input gradients with a cropped
    // result and with a padding of 2, and one that inference pools in its output transform; a Dense weight gradient
    // and input gradient over several samples; a Dense forward pass over weights in blocks of rows.
    private static readonly HashSet<string> EmulatedCases =
    [
        "Channels3", "Channels9", "Channels17",
        "Width5", "Width6", "Width7", "Width12",
        "Elementwise4", "Elementwise5", "Elementwise10", "Elementwise15",
        "Plane4", "Plane5", "Plane10", "Plane15",
        "Pool5", "Pool6", "Pool9", "Pool12", "PairPool6", "PairPool8", "PairPool9",
        "Lanes12", "Lanes16", "Lanes64",
        "Winograd8", "Winograd20", "PooledWinograd32", "DenseDeferred", "DenseBlocks",
    ];

    private static readonly Lazy<(List<string> Names, Assembly Vector, Assembly Scalar)> Compiled = new(() =>
    {
        var cases = Cases(Arm64Tests.IsEmulatedRun);
        var source = new StringBuilder("using ModelGen;\nnamespace Tails;\n");
        foreach (var (name, declaration) in cases)
        {
            source.Append(declaration).Append($"\npublic partial class {name} {{ }}\n");
        }

        string text = source.ToString();
        return (cases.Select(c => c.Name).ToList(), GeneratorHarness.CompileAndLoad(text), GeneratorHarness.CompileAndLoad(text, new Dictionary<string, string> { ["ModelGenInstructionSets"] = "scalar" }));
    });

    /// <summary>The models, by name; the emulated run takes a subset with the same declarations.</summary>
    internal static List<(string Name, string Declaration)> Cases(bool emulated)
    {
        var random = new Random(4040);
        var cases = new List<(string Name, string Declaration)>();
        void Add(string name, string declaration)
        {
            if (!emulated || EmulatedCases.Contains(name))
            {
                cases.Add((name, declaration));
            }
        }

        for (int channels = 1; channels <= 33; channels++)
        {
            int width = random.Next(1, 41), stride = random.Next(1, 3), padding = random.Next(0, 2), kernel = random.Next(1, 4);
            Add($"Channels{channels}", $"[Model(2, 3, {width + 2}, Task = ModelTask.MultiLabel)][Conv2D({channels}, {kernel}, Stride = {stride}, Padding = {padding}), Tanh, Conv2D(3, 3, Padding = 1), Flatten, Dense({1 + (channels % 5)})]");
        }

        for (int width = 1; width <= 40; width++)
        {
            int channels = random.Next(1, 12);
            Add($"Width{width}", $"[Model({random.Next(1, 4)}, 4, {width}, Task = ModelTask.MultiClass)][Conv2D({channels}, 3, Padding = 1), ReLU, Conv2D(2, 1), Flatten, Dense({width + 1}), Sigmoid, Dense(3)]");
        }

        // Elementwise activations over every length, and global pooling over every plane size, with their vector tails.
        for (int length = 1; length <= 40; length++)
        {
            Add($"Elementwise{length}", $"[Model({length}, Task = ModelTask.MultiLabel)][Dense({length}), LeakyReLU(0.2f), Dense({length}), Sigmoid, Dense({length}), Tanh, Dense({length}), ReLU, Dense(2)]");
            Add($"Plane{length}", $"[Model(2, 1, {length}, Task = ModelTask.Binary)][Conv2D(3, 1), ReLU, GlobalAvgPool2D, Dense(1)]");
        }

        // Pools of every output width, with strides below, at and above the window; after a ReLU, so max-pool
        // windows have ties (zeros), which must route the gradient to the same element on every path.
        for (int width = 1; width <= 40; width++)
        {
            int size = random.Next(1, 4), stride = random.Next(1, 4), height = size + random.Next(0, 4);
            string pool = width % 2 == 0 ? "MaxPool2D" : "AvgPool2D";
            Add($"Pool{width}", $"[Model(2, {height}, {((width - 1) * stride) + size}, Task = ModelTask.MultiLabel)][Conv2D(3, 1), ReLU, {pool}({size}, Stride = {stride}), Conv2D(2, 1), Flatten, Dense(2)]");
        }

        // Weight gradients with output channels in vector lanes (ChannelLaneBlock): output channels in multiples of
        // 4 (vectors of 4, 8 and 16, one or several per block), input channels x taps of 16 or more, kernels of 1, 3,
        // 5 and 13 (two groups of columns), strides 1 and 2, after a layer so the input gradient runs too; those
        // whose rows are narrower than 8 run the forward pass (output channels in multiples of 8) and the input
        // gradient (input channels in multiples of 8) in lanes too.
        (int Outputs, int Inputs, int Kernel, int Stride, int Padding)[] lanes =
            [(4, 4, 3, 1, 1), (8, 32, 1, 1, 0), (12, 2, 5, 2, 2), (16, 8, 3, 2, 1), (20, 4, 3, 1, 0), (24, 1, 13, 1, 6), (32, 5, 3, 1, 1), (36, 12, 3, 1, 1), (48, 40, 1, 2, 0), (64, 4, 3, 2, 0), (128, 16, 3, 2, 1)];
        foreach (var (outputs, inputs, kernel, stride, padding) in lanes)
        {
            // At least 4 output pixels wide: narrower convolutions have the scalar path only.
            // Strided ones at most 14 wide, so their output rows are narrower than 8 and run in lanes.
            int height = Math.Max(1, kernel - (2 * padding)) + random.Next(0, 4), width = (3 * stride) + kernel - (2 * padding) + random.Next(0, 12);
            width = stride > 1 ? Math.Min(width, 14) : width;
            Add($"Lanes{outputs}", $"[Model(2, {height}, {width}, Task = ModelTask.MultiLabel)][Conv2D({inputs}, 1), Tanh, Conv2D({outputs}, {kernel}, Stride = {stride}, Padding = {padding}), Tanh, Conv2D(3, 1), Flatten, Dense(2)]");
        }

        // Winograd F(2x2, 3x3) forward passes and input gradients: odd output sizes (the result cropped), paddings 0, 1
        // and 2 (so the input gradient's 2, 1 and 0), input channels not a multiple of 4 (padded lanes; no Winograd
        // input gradient then), output channels in vectors of 4, 8 and 16, one or two per block, fewer tiles than a
        // block and a block with a rest.
        (int Outputs, int Inputs, int Height, int Width, int Padding)[] winograd =
            [(8, 16, 5, 9, 1), (12, 12, 9, 10, 0), (16, 9, 6, 8, 2), (20, 8, 3, 11, 2), (32, 16, 9, 20, 1), (64, 7, 4, 8, 1)];
        foreach (var (outputs, inputs, height, width, padding) in winograd)
        {
            Add($"Winograd{outputs}", $"[Model(2, {height}, {width}, Task = ModelTask.MultiLabel)][Conv2D({inputs}, 1), Tanh, Conv2D({outputs}, 3, Padding = {padding}), Tanh, Conv2D(3, 1), Flatten, Dense(2)]");
        }

        // 49 tiles (7x7, the last row cropped) in blocks of 10 whose last overlaps the one before (WinogradBlock),
        // forward (16 output channels) and for the input gradient (8 input channels).
        Add("WinogradOverlap", "[Model(2, 13, 14, Task = ModelTask.MultiLabel)][Conv2D(8, 1), Tanh, Conv2D(16, 3, Padding = 1), Tanh, Conv2D(3, 1), Flatten, Dense(2)]");

        // 8 channels in the products' lanes take two tiles per 16-float vector on AVX-512 (WinogradBlock.Paired): above,
        // Winograd8's forward pass (15 tiles, the last pair's second a repeat) and WinogradOverlap's input gradient (49);
        // here an input gradient over 16 tiles in blocks of 8 whose transform takes 32 channels in two halves.
        Add("WinogradPairs", "[Model(2, 8, 8, Task = ModelTask.MultiLabel)][Conv2D(8, 1), Tanh, Conv2D(32, 3, Padding = 1), Tanh, Conv2D(3, 1), Flatten, Dense(2)]");

        // Winograd convolutions followed by ReLU and MaxPool2D(2), which inference runs as one pass (the pool's windows
        // are the 2x2 tiles, LayerPlan.PoolsInInference): two tiles per vector on AVX-512 (8 outputs over 16 inputs,
        // 20 tiles), blocks whose last overlaps the one before (49 tiles, as the reference CNN), two vectors of outputs.
        Add("PooledWinograd8", "[Model(2, 8, 10, Task = ModelTask.MultiLabel)][Conv2D(16, 1), Tanh, Conv2D(8, 3, Padding = 1), ReLU, MaxPool2D(2), Conv2D(3, 1), Flatten, Dense(2)]");
        Add("PooledWinograd16", "[Model(2, 14, 14, Task = ModelTask.MultiLabel)][Conv2D(8, 1), Tanh, Conv2D(16, 3, Padding = 1), ReLU, MaxPool2D(2), Conv2D(3, 1), Flatten, Dense(2)]");
        Add("PooledWinograd32", "[Model(2, 6, 8, Task = ModelTask.MultiLabel)][Conv2D(12, 1), Tanh, Conv2D(32, 3, Padding = 1), ReLU, MaxPool2D(2), Conv2D(3, 1), Flatten, Dense(2)]");

        // 2x2 stride-2 pools, which split even from odd columns in registers: every output width through two of the
        // widest vectors, max and average, and every third one with an input row that no window covers.
        for (int width = 1; width <= 33; width++)
        {
            string pool = width % 2 == 0 ? "MaxPool2D" : "AvgPool2D";
            Add($"PairPool{width}", $"[Model(2, {(width % 3 == 0 ? 5 : 4)}, {2 * width}, Task = ModelTask.MultiLabel)][Conv2D(3, 1), ReLU, {pool}(2), Conv2D(2, 1), Flatten, Dense(2)]");
        }

        // Dense backward visits only rows with a nonzero output gradient (a ReLU after it zeroes about half), in
        // chunks of 256 rows: a layer of 300 takes a full chunk and a partial one.
        Add("DenseRows300", "[Model(5, Task = ModelTask.MultiLabel)][Dense(300), ReLU, Dense(7), ReLU, Dense(2)]");

        // A Dense layer large enough (21,070 weights) to sum its weight gradient over several samples at once
        // (DeferredWeightGradient) and run its forward pass and input gradient for them together (BatchedForward),
        // with rows of 301 (vector tails of 8, 4 and 1 after 16-float vectors) and a partial group.
        Add("DenseDeferred", "[Model(6, Task = ModelTask.MultiLabel)][Dense(301), Tanh, Dense(70), ReLU, Dense(2)]");

        // A large Dense layer's forward pass reads its weights in blocks of 4 rows (DenseRowBlocks): 67 rows leave a
        // block of 3, and rows of 301 inputs leave tails of 8, 4 and 1 after 16-float vectors (4 and 1 after 8, 1 after 4).
        Add("DenseBlocks", "[Model(301, Task = ModelTask.Binary)][Dense(67), ReLU, Dense(1)]");

        if (emulated && cases.Count != EmulatedCases.Count)
        {
            throw new InvalidOperationException("an emulated case names no model: " + string.Join(", ", EmulatedCases.Except(cases.Select(c => c.Name))));
        }

        return cases;
    }

    public static TheoryData<string> Names() => new(Compiled.Value.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Vector_kernels_match_the_scalar_path(string name)
    {
        var (_, vectorAssembly, scalarAssembly) = Compiled.Value;
        var vector = (ITrainableModel)GeneratorHarness.Create(vectorAssembly, $"Tails.{name}", seed: 3);
        var scalar = (ITrainableModel)GeneratorHarness.Create(scalarAssembly, $"Tails.{name}", seed: 3);
        var random = new Random(name.GetHashCode(StringComparison.Ordinal));
        float[] inputs = Numbers.RandomNormal(random, 3 * vector.InputLength);
        float[] targets = GradientCheckTests.RandomTargets(random, vector, 3);

        var vectorOutputs = new float[3 * vector.OutputLength];
        var scalarOutputs = new float[3 * vector.OutputLength];
        BufferGuards.Predict(vector, inputs, vectorOutputs, name);
        scalar.PredictBatch(inputs, scalarOutputs);
        Numbers.AssertClose(scalarOutputs.Select(v => (double)v).ToArray(), vectorOutputs, 1e-5, name + " forward");

        var vectorGradients = new float[vector.ParameterCount];
        var scalarGradients = new float[vector.ParameterCount];
        BufferGuards.AccumulateGradients(vector, inputs, targets, vectorGradients, 1f / 3, name);
        scalar.AccumulateGradients(inputs, targets, scalarGradients, new float[scalar.TrainingArenaLength], 1f / 3);
        for (int i = 0; i < vectorGradients.Length; i++)
        {
            double error = Math.Abs(vectorGradients[i] - scalarGradients[i]);
            Assert.True(error <= 1e-5 + (1e-4 * Math.Abs(scalarGradients[i])), $"{name}: gradient {i} is {vectorGradients[i]:R} on the vector path, {scalarGradients[i]:R} on the scalar path");
        }

        // Some kernels read weights packed in their own layout: after an optimizer step and after ImportParameters the
        // vector path must compute with the new parameters, as the scalar path given the same ones does.
        vector.ApplyGradients(vectorGradients);
        var stepped = new float[vector.ParameterCount];
        vector.ExportParameters(stepped);
        AssertSamePredictions(vector, scalar, stepped, inputs, name + " after an optimizer step");
        float[] imported = Numbers.RandomNormal(random, vector.ParameterCount, scale: 0.3);
        vector.ImportParameters(imported);
        AssertSamePredictions(vector, scalar, imported, inputs, name + " after ImportParameters");
    }

    private static void AssertSamePredictions(ITrainableModel vector, ITrainableModel scalar, float[] parameters, float[] inputs, string what)
    {
        scalar.ImportParameters(parameters);
        var vectorOutputs = new float[inputs.Length / vector.InputLength * vector.OutputLength];
        var scalarOutputs = new float[vectorOutputs.Length];
        vector.PredictBatch(inputs, vectorOutputs);
        scalar.PredictBatch(inputs, scalarOutputs);
        Numbers.AssertClose(scalarOutputs.Select(v => (double)v).ToArray(), vectorOutputs, 1e-5, what);
    }
}
