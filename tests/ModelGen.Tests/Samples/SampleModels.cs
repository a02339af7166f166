namespace ModelGen.Tests.Samples;

// The same declaration as samples/Shared/NoduleNet.cs: equal architectures share weight files.
[Model(1, 64, 64, Task = ModelTask.Binary)]
[Conv2D(8, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(16, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(32, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Flatten, Dense(32), ReLU, Dense(1)]
public partial class SampleNoduleNet { }
