using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ModelGen.Serialization;

namespace ModelGen.Benchmarks;

// Conv-heavy stack for the kernels mode: 16->32 channels at 28x28, 32->64 at 14x14, 64->128 stride 2 at 14x14 -> 7x7,
// each 7.2 MFLOP forward. The 1x1 convolution in front makes them middle layers, so their backward passes compute the
// input gradient too (the generator leaves it out for the first layer with parameters).
[Model(16, 28, 28)]
[Conv2D(16, 1), ReLU]
[Conv2D(32, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(64, 3, Padding = 1), ReLU]
[Conv2D(128, 3, Stride = 2, Padding = 1), ReLU]
[GlobalAvgPool2D, Dense(10)]
public partial class ConvStack { }

/// <summary>
/// Per-layer and whole-model GFLOP/s of the generated kernels on one thread, against this CPU's FMA peak measured
/// here by a loop of independent fused multiply-adds. The single layers are the generated private layer methods,
/// called through <see cref="UnsafeAccessorAttribute"/> on buffers of their own (warm in cache, as in a batch-1
/// forward); the whole-model figures are <c>Predict</c> and <c>TrainBatch</c>. The kernel path is the one this
/// process runs: run again with DOTNET_EnableAVX512=0 for the AVX2 path.
/// </summary>
internal static class KernelBenchmark
{
    private const double PeakGoal = 0.60;

    /// <param name="filter">When given, only the single layers whose "model index pass" text contains it (e.g. "ConvStack 7"), and nothing else.</param>
    public static int Run(double seconds, string? filter = null)
    {
        Console.WriteLine($"CPU: {Machine.CpuName()}, {Environment.ProcessorCount} cores; ModelGen path: {ReferenceCnn.ActiveInstructionSet}; load average before: {Machine.LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("FMA peak of one core (independent FusedMultiplyAdd chains, median of batches):");
        double peak512 = Vector512.IsHardwareAccelerated ? Peak(Peak512, 16 * 16 * 2, seconds) : double.NaN;
        double peak256 = Vector256.IsHardwareAccelerated && Fma.IsSupported ? Peak(Peak256, 12 * 8 * 2, seconds) : double.NaN;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Vector512 (AVX-512): {(double.IsNaN(peak512) ? "not accelerated in this process" : $"{peak512:0.0} GFLOP/s")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Vector256 + FMA (AVX2): {(double.IsNaN(peak256) ? "not available" : $"{peak256:0.0} GFLOP/s")}"));
        double peak = ReferenceCnn.ActiveInstructionSet == "Avx512" ? peak512 : peak256;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  peak of the path in use ({ReferenceCnn.ActiveInstructionSet}): {peak:0.0} GFLOP/s"));
        Console.WriteLine();

        var reference = new ReferenceCnn(seed: 0);
        var stack = new ConvStack(seed: 0);
        // The layer methods are called directly below; a first Predict writes the Dense row blocks that the first forward pass rewrites after the parameters change.
        reference.Predict(new float[ReferenceCnn.InputLength], new float[ReferenceCnn.OutputLength]);
        stack.Predict(new float[ConvStack.InputLength], new float[ConvStack.OutputLength]);
        var layers = new List<LayerCase>();
        layers.AddRange(ReferenceLayers(reference));
        layers.AddRange(StackLayers(stack));

        Console.WriteLine("Single layers, one sample, forward and backward (backward: input gradient + weight and bias gradients; a model's first layer has no input gradient; Dense(64) per sample of 8, its weight gradient summed over the 8 at once as in training).");
        Console.WriteLine("Each call takes the next of 8 random inputs; 'same input' repeats one, which lets the branch predictor learn data-dependent branches:");
        Console.WriteLine();
        Console.WriteLine("| model | layer | shapes | pass | MFLOP | µs median | µs p10 | µs median, same input | GFLOP/s (median) | % of peak |");
        Console.WriteLine("|---|---|---|---|---:|---:|---:|---:|---:|---:|");
        bool Wanted(LayerCase layer, string pass) => filter is null || $"{layer.Model} {layer.Index} {pass}".Contains(filter, StringComparison.Ordinal);
        foreach (LayerCase layer in layers)
        {
            if (Wanted(layer, "forward"))
            {
                Measure(layer, "forward", layer.ForwardFlops, layer.Forward, 1, peak, seconds);
            }

            if (layer.Backward is not null && Wanted(layer, "backward"))
            {
                Measure(layer, "backward", layer.BackwardFlops, layer.Backward, layer.BackwardSamples, peak, seconds);
            }
        }

        if (filter is not null)
        {
            return 0;
        }

        Console.WriteLine();
        ReferenceChain(reference, seconds);
        Console.WriteLine();
        Console.WriteLine("Whole models, one thread: Predict (batch 1) and TrainBatch (batch 32, Sgd(0.01, momentum 0.9); FLOPs counted as 3x forward):");
        Console.WriteLine();
        Console.WriteLine("| model | MFLOP forward | Predict µs median (p10) | Predict GFLOP/s | % of peak | TrainBatch(32) ms median (p10) | training GFLOP/s | % of peak | samples/s | of which Sgd.Step µs |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        WholeModel("ReferenceCnn", ReferenceCnn.FlopsPerSample, ReferenceCnn.ParameterCount, ReferenceCnn.InputLength, ReferenceCnn.OutputLength, 10, reference.Predict, reference.TrainBatch, m => reference.Optimizer = m, peak, seconds);
        WholeModel("ConvStack", ConvStack.FlopsPerSample, ConvStack.ParameterCount, ConvStack.InputLength, ConvStack.OutputLength, 10, stack.Predict, stack.TrainBatch, m => stack.Optimizer = m, peak, seconds);
        Console.WriteLine();
        ThreadScaling(reference, seconds);
        Console.WriteLine();
        Console.WriteLine($"Goal: 3x3 convolutions at {PeakGoal:P0} of the peak of the path in use, forward and backward. Load average after: {Machine.LoadAverage()}");
        return 0;
    }

    // The reference CNN's forward pass layer by layer in sequence, each layer reading what the one before wrote, as in
    // Predict: the time of the first k layers minus that of the first k - 1. Inputs: 16 Fashion-MNIST test images in
    // turn (uniform noise without the data set), and the first of them over and over.
    private static void ReferenceChain(ReferenceCnn m, double seconds)
    {
        const int images = 16;
        float[] inputs = new float[images * ReferenceCnn.InputLength];
        string source = "Fashion-MNIST test images";
        if (ModelGen.Data.FashionMnist.FindDirectory() is not null)
        {
            ModelGen.Data.FashionMnist.Load().Test.Inputs.Span[..inputs.Length].CopyTo(inputs);
        }
        else
        {
            inputs = Random(new Random(3), inputs.Length);
            source = "uniform-noise images";
        }

        float[] a0 = new float[6272], a1 = new float[6272], a2 = new float[1568], a3 = new float[3136], a4 = new float[3136], a5 = new float[784];
        float[] a7 = new float[64], a8 = new float[64], a9 = new float[10], scratch = new float[1 << 16];
        int next = 0;
        bool rotate = true;
        ReadOnlySpan<float> Input()
        {
            if (rotate)
            {
                next = (next + 1) % images;
            }

            return inputs.AsSpan(next * ReferenceCnn.InputLength, ReferenceCnn.InputLength);
        }

        (string Name, Action Call)[] layers =
        [
            ("0 Conv2D(8, 3, Padding = 1)", () => R.Layer0(m, Input(), a0, scratch)),
            ("1 ReLU", () => R.Layer1(m, a0, a1)),
            ("2 MaxPool2D(2)", () => R.Layer2(m, a1, a2)),
            ("3 Conv2D(16, 3, Padding = 1)", () => R.Layer3(m, a2, a3, scratch)),
            ("4 ReLU", () => R.Layer4(m, a3, a4)),
            ("5 MaxPool2D(2)", () => R.Layer5(m, a4, a5)),
            ("7 Dense(64)", () => R.Layer7(m, a5, a7)),
            ("8 ReLU", () => R.Layer8(m, a7, a8)),
            ("9 Dense(10)", () => R.Layer9(m, a8, a9)),
        ];
        double[][] cumulative = new double[2][];
        for (int mode = 0; mode < 2; mode++)
        {
            rotate = mode == 0;
            cumulative[mode] = new double[layers.Length + 1];
            for (int k = 1; k <= layers.Length; k++)
            {
                Action[] prefix = Array.ConvertAll(layers[..k], l => l.Call);
                cumulative[mode][k] = Timing.Measure(() =>
                {
                    foreach (Action call in prefix)
                    {
                        call();
                    }
                }, 0.3, seconds / 2).Median;
            }
        }

        Console.WriteLine($"ReferenceCnn forward, layer by layer in sequence (differences of cumulative medians), {images} {source} in turn vs the first over and over:");
        Console.WriteLine();
        Console.WriteLine("| layer | µs, different images | µs, same image |");
        Console.WriteLine("|---|---:|---:|");
        for (int k = 1; k <= layers.Length; k++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {layers[k - 1].Name} | {cumulative[0][k] - cumulative[0][k - 1]:0.00} | {cumulative[1][k] - cumulative[1][k - 1]:0.00} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| all layers | {cumulative[0][^1]:0.00} | {cumulative[1][^1]:0.00} |"));
    }

    private static void Measure(LayerCase layer, string pass, long flops, Action call, int samples, double peak, double seconds)
    {
        layer.Buffers.Rotate = true;
        Stats stats = PerSample(Timing.Measure(call, 0.3, seconds), samples);
        layer.Buffers.Rotate = false;
        Stats same = PerSample(Timing.Measure(call, 0.3, seconds), samples);
        double gflops = flops / stats.Median / 1000;
        string rate = flops == 0 ? "-" : gflops.ToString("0.0", CultureInfo.InvariantCulture);
        string share = flops == 0 ? "-" : (gflops / peak).ToString("P0", CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {layer.Model} | {layer.Index} {layer.Declaration} | {layer.Shapes} | {pass} | {flops / 1e6:0.000} | {stats.Median:0.00} | {stats.P10:0.00} | {same.Median:0.00} | {rate} | {share} |"));
    }

    private delegate void PredictCall(ReadOnlySpan<float> input, Span<float> output);

    private delegate float TrainCall(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets);

    private static void WholeModel(string name, long flops, int parameterCount, int inputLength, int outputLength, int classes, PredictCall predict, TrainCall train, Action<Optimizer> setOptimizer, double peak, double seconds)
    {
        const int batch = 32;
        var random = new Random(2);
        // Predict on 16 random inputs in turn (see the per-layer note on data-dependent branches).
        float[] samples = Random(random, inputLength * 16);
        float[] output = new float[outputLength];
        int sample = 0;
        Stats forward = Timing.Measure(() => predict(samples.AsSpan(inputLength * (sample++ & 15), inputLength), output), 1.0, seconds);

        (float[] inputs, float[] targets) = Batches(random, inputLength, classes, batch);
        int next = 0;
        void Step()
        {
            int b = next++ % DistinctBatches;
            train(inputs.AsSpan(b * batch * inputLength, batch * inputLength), targets.AsSpan(b * batch, batch));
        }

        setOptimizer(new Sgd(0.01f, momentum: 0.9f));
        Stats training = Timing.Measure(Step, 1.0, seconds, minimumBatches: 20);
        // The optimizer's share of a step: Sgd with momentum over all parameters, once per batch.
        var sgd = new Sgd(0.01f, momentum: 0.9f);
        float[] parameters = Random(random, parameterCount), gradients = Random(random, parameterCount);
        OptimizerState state = sgd.CreateState(parameterCount);
        Stats step = Timing.Measure(() => sgd.Step(parameters, gradients, state), 0.3, seconds);
        double forwardGflops = flops / forward.Median / 1000;
        double trainingGflops = 3.0 * flops * batch / training.Median / 1000;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {flops / 1e6:0.000} | {forward.Median:0.00} ({forward.P10:0.00}) | {forwardGflops:0.0} | {forwardGflops / peak:P0} | {training.Median / 1000:0.000} ({training.P10 / 1000:0.000}) | {trainingGflops:0.0} | {trainingGflops / peak:P0} | {batch / (training.Median / 1e6):N0} | {step.Median:0.0} |"));
    }

    /// <summary>
    /// TrainBatch(32) of the reference CNN on one thread and on every core (ModelTrainer splits a batch into one
    /// contiguous part per thread, then adds the parts' gradients and takes the optimizer step on one thread).
    /// </summary>
    public static void ThreadScaling(ReferenceCnn model, double seconds)
    {
        const int batch = 32;
        (float[] inputs, float[] targets) = Batches(new Random(5), ReferenceCnn.InputLength, 10, batch);

        model.Optimizer = new Sgd(0.01f, momentum: 0.9f);
        Console.WriteLine($"ReferenceCnn TrainBatch({batch}), Sgd(0.01, momentum 0.9), by thread count:");
        Console.WriteLine();
        Console.WriteLine("| threads | TrainBatch ms median (p10) | samples/s | speed-up |");
        Console.WriteLine("|---:|---:|---:|---:|");
        double one = 0;
        foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            var workspace = new TrainingWorkspace(ReferenceCnn.ParameterCount, ((ITrainableModel)model).TrainingArenaLength, threads);
            int next = 0;
            Stats stats = Timing.Measure(() =>
            {
                int b = next++ % DistinctBatches;
                ModelTrainer.TrainBatch(model, inputs.AsSpan(b * batch * ReferenceCnn.InputLength, batch * ReferenceCnn.InputLength), targets.AsSpan(b * batch, batch), workspace);
            }, 1.0, seconds, minimumBatches: 20);
            one = threads == 1 ? stats.Median : one;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {threads} | {stats.Median / 1000:0.000} ({stats.P10 / 1000:0.000}) | {batch / (stats.Median / 1e6):N0} | {one / stats.Median:0.00}x |"));
        }
    }

    private const int DistinctBatches = 16;

    // 16 different batches in turn: a model trained on one batch over and over memorises it, and its vanishing
    // gradients would no longer be a typical workload.
    private static (float[] Inputs, float[] Targets) Batches(Random random, int inputLength, int classes, int batch)
    {
        float[] inputs = Random(random, inputLength * batch * DistinctBatches);
        float[] targets = new float[batch * DistinctBatches];
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = random.Next(classes);
        }

        return (inputs, targets);
    }

    private static Stats PerSample(Stats stats, int samples) =>
        stats with { Median = stats.Median / samples, P10 = stats.P10 / samples, P90 = stats.P90 / samples };

    private sealed record LayerCase(string Model, int Index, string Declaration, string Shapes, long ForwardFlops, long BackwardFlops, Action Forward, Action? Backward, Buffers Buffers)
    {
        /// <summary>Samples one call of <see cref="Backward"/> does; its times are reported per sample.</summary>
        public int BackwardSamples { get; init; } = 1;
    }

    // The layer's FLOPs as the generator counts them (a multiply-add counts 2; bias, ReLU and pooling not counted here).
    private static long LayerFlops(LayerInfo layer)
    {
        int[] input = Dimensions(layer.InputShape);
        int[] output = Dimensions(layer.OutputShape);
        if (layer.Declaration.StartsWith("Conv2D(", StringComparison.Ordinal))
        {
            int kernel = int.Parse(layer.Declaration.Split('(', ',', ')')[2].Trim(), CultureInfo.InvariantCulture);
            return 2L * input[0] * kernel * kernel * output[0] * output[1] * output[2];
        }

        return layer.Declaration.StartsWith("Dense(", StringComparison.Ordinal) ? 2L * input[0] * output[0] : 0;
    }

    private static int[] Dimensions(string shape) => Array.ConvertAll(shape.Split('x'), s => int.Parse(s, CultureInfo.InvariantCulture));

    private static int Length(string shape)
    {
        int length = 1;
        foreach (int d in Dimensions(shape))
        {
            length *= d;
        }

        return length;
    }

    // Each call takes the next of 8 random inputs (and output gradients), so the data-dependent branches of a layer
    // cost what they cost on new data; with Rotate off, the first one over and over.
    private sealed class Buffers
    {
        private const int Sets = 8;
        private readonly float[][] _inputs, _outputs, _outputGradients;
        private int _next;

        public Buffers(LayerInfo layer, int parameterCount, Random random)
        {
            int inputLength = Length(layer.InputShape), outputLength = Length(layer.OutputShape);
            _inputs = new float[Sets][];
            _outputs = new float[Sets][];
            _outputGradients = new float[Sets][];
            for (int i = 0; i < Sets; i++)
            {
                _inputs[i] = Random(random, inputLength);
                _outputs[i] = Random(random, outputLength);
                _outputGradients[i] = Random(random, outputLength);
            }

            Output = new float[outputLength];
            InputGradient = new float[inputLength];
            Gradients = new float[parameterCount];
        }

        public bool Rotate { get; set; } = true;

        /// <summary>The next input; for a backward pass, take it first, then <see cref="ForwardOutput"/> and <see cref="OutputGradient"/> match it.</summary>
        public float[] Input
        {
            get
            {
                if (Rotate)
                {
                    _next = (_next + 1) % Sets;
                }

                return _inputs[Rotate ? _next : 0];
            }
        }

        public float[] ForwardOutput => _outputs[Rotate ? _next : 0];

        public float[] OutputGradient => _outputGradients[Rotate ? _next : 0];

        public float[] Output { get; }

        public float[] InputGradient { get; }

        public float[] Gradients { get; }

        public float[] Scratch { get; } = new float[1 << 20];
    }

    private static float[] Random(Random random, int length)
    {
        float[] values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.NextSingle() - 0.5f;
        }

        return values;
    }

    private static LayerCase Case(string model, ModelDescription description, int index, Func<Buffers, Action> forward, Func<Buffers, Action>? backward, bool firstLayer, int parameterCount)
    {
        LayerInfo layer = description.Layers[index];
        var buffers = new Buffers(layer, parameterCount, new Random(index));
        long flops = LayerFlops(layer);
        return new LayerCase(model, index, layer.Declaration, $"{layer.InputShape} -> {layer.OutputShape}", flops, firstLayer ? flops : 2 * flops,
            forward(buffers), backward?.Invoke(buffers), buffers);
    }

    private static IEnumerable<LayerCase> ReferenceLayers(ReferenceCnn m)
    {
        ModelDescription d = ReferenceCnn.Description;
        const int p = ReferenceCnn.ParameterCount;
        const string name = "ReferenceCnn";
        yield return Case(name, d, 0, b => () => R.Layer0(m, b.Input, b.Output, b.Scratch), b => () => R.Layer0Backward(m, b.Input, b.ForwardOutput, b.OutputGradient, default, b.Gradients, b.Scratch), firstLayer: true, p);
        // The ReLUs' backward passes are done by the MaxPool2D after each (their gradient is masked where the pool's maximum is not above zero).
        yield return Case(name, d, 1, b => () => R.Layer1(m, b.Input, b.Output), null, false, p);
        yield return Case(name, d, 2, b => () => R.Layer2(m, b.Input, b.Output), b => () => R.Layer2Backward(m, b.Input, b.ForwardOutput, b.OutputGradient, b.InputGradient, b.Gradients), false, p);
        yield return Case(name, d, 3, b => () => R.Layer3(m, b.Input, b.Output, b.Scratch), b => () => R.Layer3Backward(m, b.Input, b.ForwardOutput, b.OutputGradient, b.InputGradient, b.Gradients, b.Scratch), false, p);
        yield return Case(name, d, 4, b => () => R.Layer4(m, b.Input, b.Output), null, false, p);
        yield return Case(name, d, 5, b => () => R.Layer5(m, b.Input, b.Output), b => () => R.Layer5Backward(m, b.Input, b.ForwardOutput, b.OutputGradient, b.InputGradient, b.Gradients), false, p);
        yield return Case(name, d, 7, b => () => R.Layer7(m, b.Input, b.Output), b => DenseBackwardOfSamples(m, b), false, p) with { BackwardSamples = DeferredSamples };
        yield return Case(name, d, 9, b => () => R.Layer9(m, b.Input, b.Output), b => () => R.Layer9Backward(m, b.Input, b.ForwardOutput, b.OutputGradient, b.InputGradient, b.Gradients), false, p);
    }

    // Training runs Dense(64)'s backward pass for 8 samples at once: the copies of each one's input and output
    // gradient, then the input gradients of all 8 and one pass over the weight gradient for all 8.
    private const int DeferredSamples = 8;

    private static Action DenseBackwardOfSamples(ReferenceCnn m, Buffers b)
    {
        float[] inputs = new float[DeferredSamples * 784], outputGradients = new float[DeferredSamples * 64], inputGradients = new float[DeferredSamples * 784];
        return () =>
        {
            for (int k = 0; k < DeferredSamples; k++)
            {
                b.Input.CopyTo(inputs, k * 784);
                b.OutputGradient.CopyTo(outputGradients, k * 64);
            }

            R.Layer7InputGradientSamples(m, outputGradients, inputGradients);
            R.Layer7WeightGradient(m, inputs, outputGradients, b.Gradients);
        };
    }

    private static IEnumerable<LayerCase> StackLayers(ConvStack m)
    {
        ModelDescription d = ConvStack.Description;
        const int p = ConvStack.ParameterCount;
        const string name = "ConvStack";
        yield return Case(name, d, 0, b => () => S.Layer0(m, b.Input, b.Output), b => () => S.Layer0Backward(m, b.Input, b.ForwardOutput, b.OutputGradient, default, b.Gradients, b.Scratch), firstLayer: true, p);
        yield return Case(name, d, 2, b => () => S.Layer2(m, b.Input, b.Output, b.Scratch), b => () => S.Layer2Backward(m, b.Input, b.ForwardOutput, b.OutputGradient, b.InputGradient, b.Gradients, b.Scratch), false, p);
        yield return Case(name, d, 5, b => () => S.Layer5(m, b.Input, b.Output, b.Scratch), b => () => S.Layer5Backward(m, b.Input, b.ForwardOutput, b.OutputGradient, b.InputGradient, b.Gradients, b.Scratch), false, p);
        yield return Case(name, d, 7, b => () => S.Layer7(m, b.Input, b.Output, b.Scratch), b => () => S.Layer7Backward(m, b.Input, b.ForwardOutput, b.OutputGradient, b.InputGradient, b.Gradients, b.Scratch), false, p);
        yield return Case(name, d, 10, b => () => S.Layer10(m, b.Input, b.Output), b => () => S.Layer10Backward(m, b.Input, b.ForwardOutput, b.OutputGradient, b.InputGradient, b.Gradients), false, p);
    }

    // The generated layer methods of ReferenceCnn (private; names and signatures as the emitter writes them).
    internal static class R
    {
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer0_Conv2D")]
        public static extern void Layer0(ReferenceCnn m, ReadOnlySpan<float> input, Span<float> output, Span<float> scratch);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer0_Conv2D_Backward")]
        public static extern void Layer0Backward(ReferenceCnn m, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> gradients, Span<float> scratch);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer1_ReLU")]
        public static extern void Layer1(ReferenceCnn m, ReadOnlySpan<float> input, Span<float> output);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer2_MaxPool2D")]
        public static extern void Layer2(ReferenceCnn m, ReadOnlySpan<float> input, Span<float> output);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer2_MaxPool2D_Backward")]
        public static extern void Layer2Backward(ReferenceCnn m, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> gradients);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer3_Conv2D")]
        public static extern void Layer3(ReferenceCnn m, ReadOnlySpan<float> input, Span<float> output, Span<float> scratch);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer3_Conv2D_Backward")]
        public static extern void Layer3Backward(ReferenceCnn m, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> gradients, Span<float> scratch);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer4_ReLU")]
        public static extern void Layer4(ReferenceCnn m, ReadOnlySpan<float> input, Span<float> output);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer5_MaxPool2D")]
        public static extern void Layer5(ReferenceCnn m, ReadOnlySpan<float> input, Span<float> output);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer5_MaxPool2D_Backward")]
        public static extern void Layer5Backward(ReferenceCnn m, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> gradients);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer7_Dense")]
        public static extern void Layer7(ReferenceCnn m, ReadOnlySpan<float> input, Span<float> output);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer7_Dense_InputGradient_Samples")]
        public static extern void Layer7InputGradientSamples(ReferenceCnn m, ReadOnlySpan<float> outputGradients, Span<float> inputGradients);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer7_Dense_WeightGradient")]
        public static extern void Layer7WeightGradient(ReferenceCnn m, ReadOnlySpan<float> inputs, ReadOnlySpan<float> outputGradients, Span<float> gradients);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer8_ReLU")]
        public static extern void Layer8(ReferenceCnn m, ReadOnlySpan<float> input, Span<float> output);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer9_Dense")]
        public static extern void Layer9(ReferenceCnn m, ReadOnlySpan<float> input, Span<float> output);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer9_Dense_Backward")]
        public static extern void Layer9Backward(ReferenceCnn m, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> gradients);
    }

    // The generated convolution and dense methods of ConvStack.
    internal static class S
    {
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer0_Conv2D")]
        public static extern void Layer0(ConvStack m, ReadOnlySpan<float> input, Span<float> output);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer0_Conv2D_Backward")]
        public static extern void Layer0Backward(ConvStack m, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> gradients, Span<float> scratch);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer2_Conv2D")]
        public static extern void Layer2(ConvStack m, ReadOnlySpan<float> input, Span<float> output, Span<float> scratch);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer2_Conv2D_Backward")]
        public static extern void Layer2Backward(ConvStack m, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> gradients, Span<float> scratch);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer5_Conv2D")]
        public static extern void Layer5(ConvStack m, ReadOnlySpan<float> input, Span<float> output, Span<float> scratch);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer5_Conv2D_Backward")]
        public static extern void Layer5Backward(ConvStack m, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> gradients, Span<float> scratch);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer7_Conv2D")]
        public static extern void Layer7(ConvStack m, ReadOnlySpan<float> input, Span<float> output, Span<float> scratch);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer7_Conv2D_Backward")]
        public static extern void Layer7Backward(ConvStack m, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> gradients, Span<float> scratch);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer10_Dense")]
        public static extern void Layer10(ConvStack m, ReadOnlySpan<float> input, Span<float> output);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Layer10_Dense_Backward")]
        public static extern void Layer10Backward(ConvStack m, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> gradients);
    }

    /// <summary>The FMA peak of one core on the path ReferenceCnn runs (AVX-512 or AVX2), GFLOP/s.</summary>
    internal static double PeakOfPathInUse(double seconds) =>
        ReferenceCnn.ActiveInstructionSet == "Avx512" ? Peak(Peak512, 16 * 16 * 2, seconds) : Peak(Peak256, 12 * 8 * 2, seconds);

    // Short calls timed like the layers (median over batches of about 2 ms), so a loaded machine, which preempts long
    // runs, skews the peak no more than the layer figures it is compared with.
    private static double Peak(Func<long, float> loop, int flopsPerIteration, double seconds)
    {
        const long iterations = 20_000;
        float sink = 0;
        Stats stats = Timing.Measure(() => sink += loop(iterations), 0.5, seconds);
        GC.KeepAlive(sink);
        return iterations * flopsPerIteration / stats.Median / 1000;
    }

    // 16 independent chains of 512-bit FMAs (32 vector registers): enough to cover latency x throughput on every
    // x64 core with AVX-512 (4 cycles x 2 per cycle). The values converge to c / (1 - m): no overflow, no denormals.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Peak512(long iterations)
    {
        Vector512<float> m = Vector512.Create(0.999f), c = Vector512.Create(0.001f);
        Vector512<float> a0 = Vector512.Create(0.0f), a1 = Vector512.Create(0.1f), a2 = Vector512.Create(0.2f), a3 = Vector512.Create(0.3f);
        Vector512<float> a4 = Vector512.Create(0.4f), a5 = Vector512.Create(0.5f), a6 = Vector512.Create(0.6f), a7 = Vector512.Create(0.7f);
        Vector512<float> a8 = Vector512.Create(0.8f), a9 = Vector512.Create(0.9f), a10 = Vector512.Create(1.0f), a11 = Vector512.Create(1.1f);
        Vector512<float> a12 = Vector512.Create(1.2f), a13 = Vector512.Create(1.3f), a14 = Vector512.Create(1.4f), a15 = Vector512.Create(1.5f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c);
            a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c);
            a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c);
            a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c);
            a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c);
            a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c);
            a11 = Vector512.FusedMultiplyAdd(a11, m, c);
            a12 = Vector512.FusedMultiplyAdd(a12, m, c);
            a13 = Vector512.FusedMultiplyAdd(a13, m, c);
            a14 = Vector512.FusedMultiplyAdd(a14, m, c);
            a15 = Vector512.FusedMultiplyAdd(a15, m, c);
        }

        return Vector512.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)) + ((a12 + a13) + (a14 + a15)));
    }

    // 12 independent chains of 256-bit FMAs: 12 accumulators and 2 constants fit the 16 registers of AVX2.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Peak256(long iterations)
    {
        Vector256<float> m = Vector256.Create(0.999f), c = Vector256.Create(0.001f);
        Vector256<float> a0 = Vector256.Create(0.0f), a1 = Vector256.Create(0.1f), a2 = Vector256.Create(0.2f), a3 = Vector256.Create(0.3f);
        Vector256<float> a4 = Vector256.Create(0.4f), a5 = Vector256.Create(0.5f), a6 = Vector256.Create(0.6f), a7 = Vector256.Create(0.7f);
        Vector256<float> a8 = Vector256.Create(0.8f), a9 = Vector256.Create(0.9f), a10 = Vector256.Create(1.0f), a11 = Vector256.Create(1.1f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c);
            a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c);
            a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c);
            a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c);
            a7 = Vector256.FusedMultiplyAdd(a7, m, c);
            a8 = Vector256.FusedMultiplyAdd(a8, m, c);
            a9 = Vector256.FusedMultiplyAdd(a9, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c);
            a11 = Vector256.FusedMultiplyAdd(a11, m, c);
        }

        return Vector256.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)));
    }
}
