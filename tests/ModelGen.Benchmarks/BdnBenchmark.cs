using System;
using System.Collections.Generic;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using R = ModelGen.Benchmarks.KernelBenchmark.R;
using S = ModelGen.Benchmarks.KernelBenchmark.S;

namespace ModelGen.Benchmarks;

/// <summary>
/// The kernel figures under BenchmarkDotNet (bdn mode): the reference CNN's Predict and TrainBatch(32), and
/// the 3x3 convolutions of the reference CNN and ConvStack, forward and backward, on warm buffers of their own, with
/// GFLOP/s and the share of this core's FMA peak (measured first, as the kernels mode does) as columns. The kernels
/// mode times the same calls with the project's own harness and covers every layer; this one gives BenchmarkDotNet's
/// statistics (run in process, so the generated models need no separate build).
/// </summary>
public class BdnBenchmark
{
    // FLOPs per call as the generator counts them: a multiply-add counts 2, a backward pass twice its forward pass
    // (the first layer's once: it has no input gradient), a training step three forward passes per sample.
    internal static readonly Dictionary<string, long> Flops = new()
    {
        [nameof(ReferencePredict)] = ReferenceCnn.FlopsPerSample,
        [nameof(ReferenceTrainBatch32)] = 3 * ReferenceCnn.FlopsPerSample * 32,
        [nameof(ReferenceConv0Forward)] = 112_896,
        [nameof(ReferenceConv0Backward)] = 112_896,
        [nameof(ReferenceConv3Forward)] = 451_584,
        [nameof(ReferenceConv3Backward)] = 2 * 451_584,
        [nameof(StackConv2Forward)] = 7_225_344,
        [nameof(StackConv2Backward)] = 2 * 7_225_344,
        [nameof(StackConv5Forward)] = 7_225_344,
        [nameof(StackConv5Backward)] = 2 * 7_225_344,
        [nameof(StackConv7Forward)] = 7_225_344,
        [nameof(StackConv7Backward)] = 2 * 7_225_344,
    };

    private const int Batch = 32;
    private readonly ReferenceCnn _reference = new(seed: 0) { Optimizer = new Sgd(0.01f, momentum: 0.9f) };
    private readonly ConvStack _stack = new(seed: 0);
    private readonly float[] _image = Filled(ReferenceCnn.InputLength, 1), _probabilities = new float[ReferenceCnn.OutputLength];
    private readonly float[] _images = Filled(ReferenceCnn.InputLength * Batch, 2), _classes = new float[Batch];
    private readonly float[] _scratch = new float[1 << 20], _gradients = new float[Math.Max(ConvStack.ParameterCount, ReferenceCnn.ParameterCount)];

    // Per layer: input, output, output gradient and input gradient, sized for the layer.
    private readonly float[] _r0In = Filled(784, 3), _r0Out = Filled(6272, 4), _r0Dy = Filled(6272, 5);
    private readonly float[] _r3In = Filled(1568, 6), _r3Out = Filled(3136, 7), _r3Dy = Filled(3136, 8), _r3Dx = new float[1568];
    private readonly float[] _s2In = Filled(16 * 784, 9), _s2Out = Filled(32 * 784, 10), _s2Dy = Filled(32 * 784, 11), _s2Dx = new float[16 * 784];
    private readonly float[] _s5In = Filled(32 * 196, 12), _s5Out = Filled(64 * 196, 13), _s5Dy = Filled(64 * 196, 14), _s5Dx = new float[32 * 196];
    private readonly float[] _s7In = Filled(64 * 196, 15), _s7Out = Filled(128 * 49, 16), _s7Dy = Filled(128 * 49, 17), _s7Dx = new float[64 * 196];

    public BdnBenchmark()
    {
        for (int i = 0; i < Batch; i++)
        {
            _classes[i] = i % 10;
        }
    }

    public static int Run(string[] arguments)
    {
        double peak = KernelBenchmark.PeakOfPathInUse(2.0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FMA peak of one core on the path in use ({ReferenceCnn.ActiveInstructionSet}): {peak:0.0} GFLOP/s"));
        IConfig config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(5).WithIterationCount(20))
            .AddColumn(new RateColumn(peak, share: false), new RateColumn(peak, share: true))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        IEnumerable<Summary> summaries = BenchmarkSwitcher.FromTypes([typeof(BdnBenchmark)]).Run(arguments.Length > 0 ? arguments : ["--filter", "*"], config);
        return System.Linq.Enumerable.Any(summaries, s => s.HasCriticalValidationErrors) ? 1 : 0;
    }

    [Benchmark]
    public void ReferencePredict() => _reference.Predict(_image, _probabilities);

    [Benchmark]
    public float ReferenceTrainBatch32() => _reference.TrainBatch(_images, _classes);

    [Benchmark]
    public void ReferenceConv0Forward() => R.Layer0(_reference, _r0In, _r0Out, _scratch);

    [Benchmark]
    public void ReferenceConv0Backward() => R.Layer0Backward(_reference, _r0In, _r0Out, _r0Dy, default, _gradients, _scratch);

    [Benchmark]
    public void ReferenceConv3Forward() => R.Layer3(_reference, _r3In, _r3Out, _scratch);

    [Benchmark]
    public void ReferenceConv3Backward() => R.Layer3Backward(_reference, _r3In, _r3Out, _r3Dy, _r3Dx, _gradients, _scratch);

    [Benchmark]
    public void StackConv2Forward() => S.Layer2(_stack, _s2In, _s2Out, _scratch);

    [Benchmark]
    public void StackConv2Backward() => S.Layer2Backward(_stack, _s2In, _s2Out, _s2Dy, _s2Dx, _gradients, _scratch);

    [Benchmark]
    public void StackConv5Forward() => S.Layer5(_stack, _s5In, _s5Out, _scratch);

    [Benchmark]
    public void StackConv5Backward() => S.Layer5Backward(_stack, _s5In, _s5Out, _s5Dy, _s5Dx, _gradients, _scratch);

    [Benchmark]
    public void StackConv7Forward() => S.Layer7(_stack, _s7In, _s7Out, _scratch);

    [Benchmark]
    public void StackConv7Backward() => S.Layer7Backward(_stack, _s7In, _s7Out, _s7Dy, _s7Dx, _gradients, _scratch);

    private static float[] Filled(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    /// <summary>GFLOP/s from the mean time and <see cref="Flops"/>, or that as a share of the measured FMA peak.</summary>
    private sealed class RateColumn(double peak, bool share) : IColumn
    {
        public string Id => share ? "PeakShare" : "GFlops";

        public string ColumnName => share ? "% of peak" : "GFLOP/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => share ? 1 : 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => share ? $"GFLOP/s over this core's FMA peak ({peak:0.0} GFLOP/s)" : "floating-point operations per second (a multiply-add counts 2), from the mean";

        public string GetValue(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            BenchmarkReport? report = summary[benchmarkCase];
            if (report?.ResultStatistics is not { } statistics || !Flops.TryGetValue(benchmarkCase.Descriptor.WorkloadMethod.Name, out long flops))
            {
                return "-";
            }

            double gflops = flops / statistics.Mean;
            return share ? (gflops / peak).ToString("P0", CultureInfo.InvariantCulture) : gflops.ToString("0.0", CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => false;
    }
}
