using ModelGen;

namespace ModelGen.Samples;

// Finds nodules on 64x64 CT-like slices: three convolution blocks, a global average pool (a nodule may be
// anywhere), and one sigmoid probability. 5.3 MFLOP per slice.
[Model(1, 64, 64, Task = ModelTask.Binary)]
[Labels("nodule")]
[Conv2D(8, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(16, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(32, 3, Padding = 1), ReLU, GlobalAvgPool2D, Dense(1)]
public partial class NoduleNet { }
