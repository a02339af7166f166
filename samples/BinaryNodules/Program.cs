using System;
using ModelGen;
using ModelGen.Data;

// Binary: is there a nodule on this 64x64 slice? Train, evaluate, save, predict.
var model = new Nodules();
model.Fit(PhantomScans.Binary(4000, seed: 1), new FitOptions { Epochs = 10, Schedule = LearningRateSchedule.Cosine(10), Validation = PhantomScans.Binary(500, seed: 2) });
Console.WriteLine(model.Evaluate(PhantomScans.Binary(1000, seed: 3)));
model.Save("nodules.mgw");

var slice = PhantomScans.Binary(1, seed: 4);
var probability = new float[1];
model.Predict(slice.Input(0), probability);
Console.WriteLine($"nodule: {probability[0]:0.00} (truth: {slice.Target(0)[0]})");

[Model(1, 64, 64, Task = ModelTask.Binary)]
[Labels("nodule")]
[Conv2D(8, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(16, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(32, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Flatten, Dense(32), ReLU, Dense(1)]
public partial class Nodules { }
