using ModelGen;

namespace ModelGen.Samples;

// Which findings does a 64x64 slice show? Four independent sigmoid probabilities, in PhantomScans.LabelNames order.
[Model(1, 64, 64, Task = ModelTask.MultiLabel)]
[Labels("nodule", "mass", "effusion", "cardiomegaly")]
[Conv2D(8, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(16, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(32, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Flatten, Dense(32), ReLU, Dense(4)]
public partial class FindingsNet { }
