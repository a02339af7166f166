using System;
using ModelGen;
using ModelGen.Data;

// Multi-label: which of four findings does a 64x64 slice show? One sigmoid per finding, AUROC per label.
var model = new Findings();
model.Fit(PhantomScans.MultiLabel(4000, seed: 1), new FitOptions { Epochs = 10, Schedule = LearningRateSchedule.Cosine(10), Validation = PhantomScans.MultiLabel(500, seed: 2) });
Console.WriteLine(model.Evaluate(PhantomScans.MultiLabel(1000, seed: 3)));

var slice = PhantomScans.MultiLabel(1, seed: 4);
var probabilities = new float[Findings.OutputLength];
model.Predict(slice.Input(0), probabilities);
for (int i = 0; i < probabilities.Length; i++)
{
    Console.WriteLine($"{Findings.LabelNames![i],-13} {probabilities[i]:0.00} (truth: {slice.Target(0)[i]})");
}

[Model(1, 64, 64, Task = ModelTask.MultiLabel)]
[Labels("nodule", "mass", "effusion", "cardiomegaly")]
[Conv2D(8, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(16, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(32, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Flatten, Dense(32), ReLU, Dense(4)]
public partial class Findings { }
