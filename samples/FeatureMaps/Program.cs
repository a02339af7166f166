using System;
using System.IO;
using System.Linq;
using ModelGen;
using ModelGen.Data;
using ModelGen.Samples;
using ModelGen.Serialization;

// Looks inside a trained nodule detector: its first-layer filters, and what every image layer makes of one slice.
//   dotnet run -c Release --project samples/FeatureMaps [-- --weights modelgen-output/nodule.mgw] [--out DIR]
// Without --weights it trains NoduleNet on phantom slices for a few epochs first (about 20 seconds).
string output = Path.GetFullPath(Option("--out") ?? "modelgen-output/feature-maps");
Directory.CreateDirectory(output);

var model = new NoduleNet(seed: 1) { Optimizer = new Adam(0.003f) };
if (Option("--weights") is { } weights)
{
    model.Load(weights);
    Console.WriteLine($"Loaded {weights}.");
}
else
{
    Console.WriteLine("Training NoduleNet on 4,000 phantom slices for 10 epochs...");
    TrainingHistory history = model.Fit(PhantomScans.Binary(4000, seed: 1), new FitOptions { Epochs = 10, BatchSize = 32, Schedule = LearningRateSchedule.Cosine(10) });
    Console.WriteLine($"Trained in {history.Duration.TotalSeconds:0.0} s, final loss {history.Epochs[^1].Loss:0.000}.");
}

// A slice with a nodule, the kind of input the filters were trained to answer.
TrainingData slices = PhantomScans.Binary(32, seed: 7);
int index = Enumerable.Range(0, slices.Count).First(i => slices.Target(i)[0] == 1);
ReadOnlySpan<float> slice = slices.Input(index);
var probability = new float[1];
model.Predict(slice, probability);
Write("input.png", slice.ToArray(), 64, 64, scale: 4);
Console.WriteLine($"Input: a slice with a nodule; the model says nodule: {probability[0]:0.00}.");

// First-layer filters: 8 kernels of 3x3, mid-gray is zero, white positive, black negative.
var parameters = new float[NoduleNet.ParameterCount];
model.ExportParameters(parameters);
TensorInfo filters = NoduleNet.Description.Tensors[0];
float largest = parameters.AsSpan(filters.Offset, filters.Length).ToArray().Max(Math.Abs);
int count = filters.Shape[0], kernel = filters.Shape[2];
var filterGrid = new ImageGrid(count, columns: count, kernel, kernel, scale: 16);
for (int f = 0; f < count; f++)
{
    filterGrid.Draw(f, ImageGrid.Centre(parameters.AsSpan(filters.Offset + (f * kernel * kernel), kernel * kernel), largest));
}

Save("filters.png", filterGrid);

// Every layer whose output is still an image: one tile per channel, each stretched to its own range.
float[][] outputs = model.LayerOutputs(slice);
foreach (LayerInfo layer in NoduleNet.Description.Layers)
{
    var shape = layer.OutputDimensions;
    if (shape.Count != 3)
    {
        continue;
    }

    int channels = shape[0], height = shape[1], width = shape[2];
    var grid = new ImageGrid(channels, columns: 8, width, height, scale: Math.Max(1, 128 / width));
    for (int c = 0; c < channels; c++)
    {
        grid.Draw(c, ImageGrid.Stretch(outputs[layer.Index].AsSpan(c * height * width, height * width)));
    }

    string kind = layer.Declaration.Split('(')[0].ToLowerInvariant();
    Save($"layer{layer.Index}-{kind}.png", grid);
}

Console.WriteLine($"Images: {output}");
return 0;

void Write(string name, float[] pixels, int width, int height, int scale)
{
    var grid = new ImageGrid(1, 1, width, height, scale);
    grid.Draw(0, pixels);
    Save(name, grid);
}

void Save(string name, ImageGrid grid)
{
    PngWriter.Write(Path.Combine(output, name), grid.Pixels, grid.Width, grid.Height);
    Console.WriteLine($"  {name,-22} {grid.Width}x{grid.Height}");
}

string? Option(string name)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
