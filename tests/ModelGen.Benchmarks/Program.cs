using System;
using ModelGen.Benchmarks;

// dotnet run -c Release --project tests/ModelGen.Benchmarks -- auroc [samples]
// dotnet run -c Release --project tests/ModelGen.Benchmarks -- train [epochs]
// dotnet run -c Release --project tests/ModelGen.Benchmarks -- infer [seconds]
// dotnet run -c Release --project tests/ModelGen.Benchmarks -- predict [seconds]   (Predict alone, no peer between the batches)
// dotnet run -c Release --project tests/ModelGen.Benchmarks -- kernels [seconds per case] [layer filter, e.g. "ConvStack 7 backward"]   (DOTNET_EnableAVX512=0 for AVX2)
// dotnet run -c Release --project tests/ModelGen.Benchmarks -- threads [seconds]   (TrainBatch on one thread and on every core)
// dotnet run -c Release --project tests/ModelGen.Benchmarks -- warmup [batches]   (TrainBatch's first batches in a fresh process: kernel compilation, tiered compilation)
// dotnet run -c Release --project tests/ModelGen.Benchmarks -- build [rebuilds]
// dotnet run -c Release --project tests/ModelGen.Benchmarks -- bdn [BenchmarkDotNet arguments, e.g. --filter *Conv3*]   (the kernels under BenchmarkDotNet)
// dotnet run -c Release --project tests/ModelGen.Benchmarks -- winograd [seconds]   (does Winograd F(2x2, 3x3) pay for the reference 3x3 conv?)
string mode = args.Length > 0 ? args[0] : "";
switch (mode)
{
    case "auroc":
        AurocBenchmark.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2_000_000);
        return 0;
    case "train":
        return TrainingBenchmark.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2);
    case "infer":
        return InferenceBenchmark.Run(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3.0);
    case "predict":
        return PredictBenchmark.Run(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3.0);
    case "kernels":
        return KernelBenchmark.Run(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1.0, args.Length > 2 ? args[2] : null);
    case "threads":
        KernelBenchmark.ThreadScaling(new ReferenceCnn(seed: 0), args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2.0);
        return 0;
    case "bdn":
        return BdnBenchmark.Run(args[1..]);
    case "winograd":
        return WinogradProbe.Run(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3.0);
    case "warmup":
        return WarmUpBenchmark.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3000);
    case "build":
        return BuildBenchmark.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    default:
        Console.Error.WriteLine("usage: ModelGen.Benchmarks auroc [samples] | train [epochs] | infer [seconds] | predict [seconds] | kernels [seconds] [filter] | threads [seconds] | warmup [batches] | build [rebuilds] | bdn [options] | winograd [seconds]");
        return 2;
}
