using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using ModelGen.Samples;

// The edge binary: loads trained weights and classifies 64x64 PGM slices, one line per file:
//   file <TAB> label <TAB> probability
// Build it as a native binary (see the README); it needs no .NET runtime on the device.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: EdgeClassifier <weights.mgw> <slice.pgm>...");
    Console.Error.WriteLine($"kernels: {NoduleNet.ActiveInstructionSet}");
    return 2;
}

var clock = Stopwatch.StartNew();
var model = new NoduleNet();
try
{
    model.Load(args[0]);
}
catch (IOException error)
{
    Console.Error.WriteLine($"cannot load weights: {error.Message}");
    return 1;
}

Console.Error.WriteLine($"kernels: {NoduleNet.ActiveInstructionSet}; weights loaded in {clock.Elapsed.TotalMilliseconds:0.0} ms");
var probability = new float[NoduleNet.OutputLength];
int failures = 0;
for (int i = 1; i < args.Length; i++)
{
    try
    {
        float[] slice = PgmImage.Read(args[i], 64, 64);
        model.Predict(slice, probability);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(args[i])}\t{NoduleNet.LabelNames![0]}\t{probability[0]:0.000000}"));
    }
    catch (Exception error) when (error is IOException or FormatException)
    {
        Console.Error.WriteLine($"{args[i]}: {error.Message}");
        failures++;
    }
}

return failures == 0 ? 0 : 1;
