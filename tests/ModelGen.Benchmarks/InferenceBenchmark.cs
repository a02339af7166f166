using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace ModelGen.Benchmarks;

/// <summary>
/// Batch-1 inference latency of the reference CNN on one thread: ModelGen's <c>Predict</c> against ONNX Runtime on
/// the same weights (an ONNX file exported by PyTorch from our safetensors file), timed in one process with the
/// rounds interleaved so both see the same machine load; PyTorch's eager latency from export_onnx.py for reference.
/// Timed twice: with 64 different images in turn, and with one image over and over.
/// </summary>
internal static class InferenceBenchmark
{
    private const double Goal = 1.0 / 3.0;

    public static int Run(double seconds)
    {
        string directory = Path.Combine(Path.GetTempPath(), "modelgen-infer-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        try
        {
            return Run(directory, seconds);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private const int Images = 64;

    private static int Run(string directory, double seconds)
    {
        Console.WriteLine($"Reference CNN, batch 1, one thread; ModelGen path {ReferenceCnn.ActiveInstructionSet}; {ReferenceCnn.FlopsPerSample:N0} FLOPs per image");
        Console.WriteLine($"CPU: {Machine.CpuName()}, {Environment.ProcessorCount} cores; load average before: {Machine.LoadAverage()}");

        (ReferenceCnn model, float[] images) = InferenceSetup.Load(Images);

        string weights = Path.Combine(directory, "reference.safetensors");
        string inputFile = Path.Combine(directory, "images.f32");
        string onnxFile = Path.Combine(directory, "reference.onnx");
        string torchOutputFile = Path.Combine(directory, "torch.f32");
        model.SaveSafetensors(weights);
        File.WriteAllBytes(inputFile, FloatBytes(images));

        // PyTorch first: it writes the ONNX file, its own outputs and its latency (it runs alone, not interleaved).
        JsonElement? torch = RunPython(weights, inputFile, onnxFile, torchOutputFile, seconds);
        if (torch is null || !File.Exists(onnxFile))
        {
            Console.Error.WriteLine("export_onnx.py failed: need /usr/bin/python3 with python3-torch (apt-get install python3-torch)");
            return 1;
        }

        float[] torchOutput = ReadFloats(torchOutputFile);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        using var session = new InferenceSession(onnxFile, options);
        float[] ortInput = new float[ReferenceCnn.InputLength];
        float[] ortOutput = new float[ReferenceCnn.OutputLength];
        using OrtValue inputValue = OrtValue.CreateTensorValueFromMemory(ortInput, [1, 1, 28, 28]);
        using OrtValue outputValue = OrtValue.CreateTensorValueFromMemory(ortOutput, [1, ReferenceCnn.OutputLength]);
        using var runOptions = new RunOptions();
        using OrtIoBinding binding = session.CreateIoBinding();
        binding.BindInput("input", inputValue);
        binding.BindOutput("probabilities", outputValue);
        string[] inputNames = ["input"];
        string[] outputNames = ["probabilities"];
        OrtValue[] inputValues = [inputValue];
        OrtValue[] outputValues = [outputValue];

        // Every image through all three before any timing: the same probabilities within 1e-5.
        float[] ours = new float[ReferenceCnn.OutputLength];
        double ortError = 0, torchError = 0;
        for (int n = 0; n < Images; n++)
        {
            ReadOnlySpan<float> image = images.AsSpan(n * ReferenceCnn.InputLength, ReferenceCnn.InputLength);
            model.Predict(image, ours);
            image.CopyTo(ortInput);
            Array.Clear(ortOutput);
            session.RunWithBinding(runOptions, binding);
            ortError = Math.Max(ortError, MaxDifference(ours, ortOutput));
            Array.Clear(ortOutput);
            session.Run(runOptions, inputNames, inputValues, outputNames, outputValues);
            ortError = Math.Max(ortError, MaxDifference(ours, ortOutput));
            torchError = Math.Max(torchError, MaxDifference(ours, torchOutput.AsSpan(n * ReferenceCnn.OutputLength, ReferenceCnn.OutputLength)));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Outputs (softmax probabilities) over {Images} images: max |ModelGen - ORT| = {ortError:0.0e+0}, max |ModelGen - PyTorch| = {torchError:0.0e+0}"));
        if (!(ortError <= 1e-5) || !(torchError <= 1e-5))
        {
            Console.Error.WriteLine("The outputs differ by more than 1e-5: not timing different computations.");
            return 1;
        }

        // The images in turn (the headline: a repeated input lets the branch predictor learn the data-dependent
        // branches of the scalar layers) and one image over and over (the usual microbenchmark). ORT reads its input
        // from the pinned buffer it is bound to, so it gets each image by a 784-float copy (tens of nanoseconds).
        int next = 0;
        ReadOnlySpan<float> Next()
        {
            int n = next;
            next = n + 1 == Images ? 0 : n + 1;
            return images.AsSpan(n * ReferenceCnn.InputLength, ReferenceCnn.InputLength);
        }

        float[] first = images[..ReferenceCnn.InputLength];
        var contenders = new List<Contender>
        {
            new("ModelGen Predict", () => model.Predict(Next(), ours)),
            new("ORT Run, pre-allocated output", () =>
            {
                Next().CopyTo(ortInput);
                session.Run(runOptions, inputNames, inputValues, outputNames, outputValues);
            }),
            new("ORT RunWithBinding (IOBinding)", () =>
            {
                Next().CopyTo(ortInput);
                session.RunWithBinding(runOptions, binding);
            }),
        };
        var repeated = new List<Contender>
        {
            new("ModelGen Predict", () => model.Predict(first, ours)),
            new("ORT Run, pre-allocated output", () =>
            {
                first.CopyTo(ortInput);
                session.Run(runOptions, inputNames, inputValues, outputNames, outputValues);
            }),
            new("ORT RunWithBinding (IOBinding)", () =>
            {
                first.CopyTo(ortInput);
                session.RunWithBinding(runOptions, binding);
            }),
        };
        Stats[] stats = Timing.Interleaved([.. contenders, .. repeated], warmupSeconds: 1.0, seconds: 2 * seconds);
        JsonElement t = torch.Value;
        Console.WriteLine();
        Table($"{Images} different images in turn", contenders, stats.AsSpan(0, 3), t.GetProperty("framework").GetString()!, t.GetProperty("varied"));
        Table("One image over and over", repeated, stats.AsSpan(3, 3), t.GetProperty("framework").GetString()!, t.GetProperty("same"));

        double ort = Math.Min(stats[1].Median, stats[2].Median);
        double ratio = stats[0].Median / ort;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Goal: ModelGen at most 1/3 of ORT's time (ratio <= {Goal:0.000}). Measured with different images: {ratio:0.000} ({(ratio <= Goal ? "met" : "NOT met")}); ORT / ModelGen = {ort / stats[0].Median:0.00}x"));
        Console.WriteLine($"Batches timed: {stats[0].Batches} per runtime and input mode, of {string.Join(", ", Array.ConvertAll(stats, s => s.CallsPerBatch.ToString(CultureInfo.InvariantCulture)))} calls; " +
            $"PyTorch {t.GetProperty("varied").GetProperty("batches").GetInt32()} x {t.GetProperty("varied").GetProperty("calls_per_batch").GetInt32()}. Load average after: {Machine.LoadAverage()}");
        return 0;
    }

    private static void Table(string title, List<Contender> contenders, ReadOnlySpan<Stats> stats, string torchName, JsonElement torch)
    {
        double ort = Math.Min(stats[1].Median, stats[2].Median);
        Console.WriteLine($"{title}:");
        Console.WriteLine();
        Console.WriteLine("| runtime | µs per image, median | p10 | p90 | GFLOP/s | time / fastest ORT |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        for (int i = 0; i < contenders.Count; i++)
        {
            Row(contenders[i].Name, stats[i].Median, stats[i].P10, stats[i].P90, ort);
        }

        Row($"{torchName} eager, no_grad", torch.GetProperty("median_us").GetDouble(), torch.GetProperty("p10_us").GetDouble(), torch.GetProperty("p90_us").GetDouble(), ort);
        Console.WriteLine();
    }

    private static void Row(string name, double median, double p10, double p90, double ort) => Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {name} | {median:0.00} | {p10:0.00} | {p90:0.00} | {ReferenceCnn.FlopsPerSample / median / 1000:0.00} | {median / ort:0.000} |"));

    private static JsonElement? RunPython(string weights, string input, string onnx, string output, double seconds)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "export_onnx.py");
        if (!File.Exists("/usr/bin/python3"))
        {
            return null;
        }

        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            ArgumentList =
            {
                script, "--weights", weights, "--input", input, "--onnx", onnx, "--output", output,
                "--seconds", seconds.ToString(CultureInfo.InvariantCulture),
            },
        };
        start.Environment["OMP_NUM_THREADS"] = "1";
        using Process process = Process.Start(start)!;
        string text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            return null;
        }

        using JsonDocument json = JsonDocument.Parse(text.Trim().Split('\n')[^1]);
        return json.RootElement.Clone();
    }

    private static double MaxDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            return double.PositiveInfinity;
        }

        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        }

        return max;
    }

    private static byte[] FloatBytes(float[] values)
    {
        byte[] bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return BitConverter.IsLittleEndian ? bytes : throw new PlatformNotSupportedException("big-endian");
    }

    private static float[] ReadFloats(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        float[] values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, values.Length * 4);
        return values;
    }
}
