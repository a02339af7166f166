namespace ModelGen.Tests.Serialization;

// FashionNet with its second pool averaging instead of taking the maximum: the same tensors and parameter count,
// so only the architecture signature tells their weight files apart.
[Model(1, 28, 28, Task = ModelTask.MultiClass)]
[Conv2D(8, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(16, 3, Padding = 1), ReLU, AvgPool2D(2)]
[Flatten, Dense(64), ReLU, Dense(10)]
public partial class FashionNetAvgPool { }
