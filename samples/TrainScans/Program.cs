using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using ModelGen;
using ModelGen.Data;
using ModelGen.Samples;

// The main job: trains a CNN and evaluates it, on data it makes itself unless asked otherwise.
//   dotnet run -c Release --project samples/TrainScans [-- --data phantom|multilabel|fashion-mnist|images:DIR] [--epochs N] [--out DIR]
var options = ParseArguments(args);
string output = Path.GetFullPath(options.GetValueOrDefault("out", "modelgen-output"));
Directory.CreateDirectory(output);
string data = options.GetValueOrDefault("data", "phantom");
int? epochs = options.TryGetValue("epochs", out string? text) ? int.Parse(text, CultureInfo.InvariantCulture) : null;

switch (data)
{
    case "phantom":
    {
        Console.WriteLine("Nodule detection on synthetic CT-like slices (64x64, made here from a seed; no download).");
        var model = new NoduleNet(seed: 1) { Optimizer = new Adam(0.003f) };
        Trainer.Run(model, NoduleNet.Summary, NoduleNet.ActiveInstructionSet, PhantomScans.Binary(4000, seed: 1), PhantomScans.Binary(1000, seed: 2), PhantomScans.Binary(1000, seed: 3),
            epochs ?? 10, output, "nodule");
        WriteEdgeExamples(output);
        break;
    }

    case "multilabel":
    {
        Console.WriteLine("Findings (nodule, mass, effusion, cardiomegaly) on synthetic CT-like slices (64x64, made here from a seed).");
        var model = new FindingsNet(seed: 1) { Optimizer = new Adam(0.003f) };
        Trainer.Run(model, FindingsNet.Summary, FindingsNet.ActiveInstructionSet, PhantomScans.MultiLabel(4000, seed: 1), PhantomScans.MultiLabel(1000, seed: 2), PhantomScans.MultiLabel(1000, seed: 3),
            epochs ?? 10, output, "findings");
        break;
    }

    case "fashion-mnist":
    {
        Console.WriteLine("Fashion-MNIST (Debian's dataset-fashion-mnist, or MODELGEN_FASHION_MNIST).");
        (TrainingData training, TrainingData test) = FashionMnist.Load();
        (TrainingData train, TrainingData validation) = training.Split(validationFraction: 1.0 / 12, seed: 0);
        var model = new FashionNet(seed: 0) { Optimizer = new Sgd(0.01f, momentum: 0.9f) };
        Trainer.Run(model, FashionNet.Summary, FashionNet.ActiveInstructionSet, train, validation, test, epochs ?? 2, output, "fashion");
        break;
    }

    case string images when images.StartsWith("images:", StringComparison.Ordinal):
    {
        string folder = images["images:".Length..];
        Console.WriteLine($"Binary task on the images in {folder} (two class subfolders), resized to 64x64 grayscale.");
        ImageDataSet set;
        try
        {
            set = ImageFolder.Load(folder, new ImageFolderOptions { Width = 64, Height = 64, Binary = true });
        }
        catch (Exception exception) when (exception is InvalidDataException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine(exception.Message);
            return 1;
        }

        Console.WriteLine($"{set.Data.Count:N0} images; target 0 = {set.ClassNames[0]}, 1 = {set.ClassNames[1]} (the positive class, reported as 'nodule').");
        (TrainingData train, TrainingData held) = set.Data.Split(validationFraction: 0.2, seed: 0);
        (TrainingData validation, TrainingData test) = held.Split(validationFraction: 0.5, seed: 0);
        var model = new NoduleNet(seed: 1) { Optimizer = new Adam(0.003f) };
        Trainer.Run(model, NoduleNet.Summary, NoduleNet.ActiveInstructionSet, train, validation, test, epochs ?? 10, output, "images");
        break;
    }

    default:
        Console.Error.WriteLine($"unknown --data '{data}': use phantom (default), multilabel, fashion-mnist or images:DIR");
        return 2;
}

return 0;

// Eight test slices as images, for the edge binary: EdgeClassifier nodule.mgw slice-*.pgm
void WriteEdgeExamples(string directory)
{
    TrainingData examples = PhantomScans.Binary(8, seed: 99);
    for (int i = 0; i < examples.Count; i++)
    {
        PgmWriter.Write(Path.Combine(directory, $"slice-{i}-{(examples.Target(i)[0] == 1 ? "nodule" : "clear")}.pgm"), examples.Input(i), 64, 64);
    }

    Console.WriteLine($"Example slices for the edge binary: {Path.Combine(directory, "slice-*.pgm")}");
}

static Dictionary<string, string> ParseArguments(string[] args)
{
    var options = new Dictionary<string, string>();
    for (int i = 0; i + 1 < args.Length; i += 2)
    {
        options[args[i].TrimStart('-')] = args[i + 1];
    }

    return options;
}
