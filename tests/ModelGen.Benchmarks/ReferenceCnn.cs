namespace ModelGen.Benchmarks;

// The reference CNN of the benchmarks: 0.67 MFLOP per image forward.
[Model(1, 28, 28, Task = ModelTask.MultiClass)]
[Conv2D(8, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(16, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Flatten, Dense(64), ReLU, Dense(10)]
public partial class ReferenceCnn { }
