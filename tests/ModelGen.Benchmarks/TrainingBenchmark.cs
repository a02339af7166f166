using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;
using ModelGen.Data;

namespace ModelGen.Benchmarks;

/// <summary>
/// The reference recipe (SGD lr 0.01 momentum 0.9, batch 32) on Fashion-MNIST, trained by ModelGen on one thread and
/// on all cores, then by PyTorch on one thread in the same invocation (train_pytorch.py), with the ratio.
/// </summary>
internal static class TrainingBenchmark
{
    public static int Run(int epochs)
    {
        (TrainingData training, TrainingData test) = FashionMnist.Load();
        Console.WriteLine($"Fashion-MNIST: {training.Count:N0} training and {test.Count:N0} test images; {epochs} epochs, batch 32, SGD(0.01, momentum 0.9)");
        Console.WriteLine($"CPU: {Environment.ProcessorCount} cores; vector path: {(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "AVX-512" : System.Runtime.Intrinsics.X86.Avx2.IsSupported ? "AVX2" : "other")}");
        Console.WriteLine();
        Console.WriteLine("framework                 threads  samples/s  accuracy  macro AUROC");
        Result one = TrainModelGen(training, test, epochs, threads: 1);
        Print("ModelGen", one);
        Result all = TrainModelGen(training, test, epochs, threads: Environment.ProcessorCount);
        Print("ModelGen", all);
        Result? torch = TrainPyTorch(epochs);
        if (torch is not null)
        {
            Print(torch.Value.Name, torch.Value);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ModelGen / PyTorch, one thread: {one.SamplesPerSecond / torch.Value.SamplesPerSecond:0.00}x samples/s; accuracy {one.Accuracy - torch.Value.Accuracy:+0.000;-0.000}"));
        }

        return 0;
    }

    private static Result TrainModelGen(TrainingData training, TrainingData test, int epochs, int threads)
    {
        var model = new ReferenceCnn(seed: 0) { Optimizer = new Sgd(0.01f, momentum: 0.9f) };
        var clock = Stopwatch.StartNew();
        model.Fit(training, new FitOptions { Epochs = epochs, BatchSize = 32, Threads = threads, Seed = 0 });
        double seconds = clock.Elapsed.TotalSeconds;
        EvaluationReport report = model.Evaluate(test);
        return new Result("ModelGen", threads, epochs * training.Count / seconds, report.Accuracy, report.MacroAuroc);
    }

    private static Result? TrainPyTorch(int epochs)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "train_pytorch.py");
        if (!File.Exists("/usr/bin/python3"))
        {
            Console.WriteLine("PyTorch: skipped (no /usr/bin/python3; apt-get install python3-torch)");
            return null;
        }

        var start = new ProcessStartInfo("/usr/bin/python3", $"\"{script}\" --epochs {epochs} --threads 1") { RedirectStandardOutput = true };
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"PyTorch: failed with exit code {process.ExitCode} (is python3-torch installed?)");
            return null;
        }

        using JsonDocument json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        JsonElement root = json.RootElement;
        return new Result(
            root.GetProperty("framework").GetString()!, root.GetProperty("threads").GetInt32(), root.GetProperty("samples_per_second").GetDouble(),
            root.GetProperty("test_accuracy").GetDouble(), root.GetProperty("test_macro_auroc").GetDouble());
    }

    private static void Print(string name, Result result) => Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{name,-25} {result.Threads,7} {result.SamplesPerSecond,10:N0} {result.Accuracy,9:0.0000} {result.MacroAuroc,12:0.0000}"));

    private readonly record struct Result(string Name, int Threads, double SamplesPerSecond, double Accuracy, double MacroAuroc);
}
