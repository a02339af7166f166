using ModelGen;

namespace ModelGen.Samples;

// Finds nodules on 64x64 CT-like slices: three convolution blocks, then a small dense head and one sigmoid
// probability.
[Model(1, 64, 64, Task = ModelTask.Binary)]
[Labels("nodule")]
[Conv2D(8, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(16, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(32, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Flatten, Dense(32), ReLU, Dense(1)]
public partial class NoduleNet { }
