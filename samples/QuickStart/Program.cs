using System;
using System.Diagnostics;
using System.Linq;
using QuickStart;

// Builds the model, shows what the generator planned, and runs one prediction on a synthetic image.
Console.WriteLine(FashionNet.Summary);
Console.WriteLine();

var model = new FashionNet(seed: 42);
var image = new float[FashionNet.InputLength];
for (int y = 0; y < 28; y++)
{
    for (int x = 0; x < 28; x++)
    {
        // A bright ring in the middle of a dark field.
        double r = Math.Sqrt(((y - 13.5) * (y - 13.5)) + ((x - 13.5) * (x - 13.5)));
        image[(y * 28) + x] = r is > 6 and < 10 ? 1f : 0f;
    }
}

var probabilities = new float[FashionNet.OutputLength];
model.Predict(image, probabilities);

const int Runs = 2000;
var clock = Stopwatch.StartNew();
for (int i = 0; i < Runs; i++)
{
    model.Predict(image, probabilities);
}

double microseconds = clock.Elapsed.TotalMicroseconds / Runs;
int best = Array.IndexOf(probabilities, probabilities.Max());
Console.WriteLine($"Untrained prediction for a ring image: class {best} with p = {probabilities[best]:0.000} (10 classes, so about 0.1 each before training)");
Console.WriteLine($"Probabilities: {string.Join(" ", probabilities.Select(p => p.ToString("0.000")))}");
Console.WriteLine($"Predict: {microseconds:0.0} us per image on one thread ({FashionNet.FlopsPerSample / microseconds / 1000:0.00} GFLOP/s)");
