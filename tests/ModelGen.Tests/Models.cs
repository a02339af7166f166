namespace ModelGen.Tests;

// Models compiled by the real build (the generator as an analyzer), for runtime behaviour tests.

[Model(1, 28, 28, Task = ModelTask.MultiClass)]
[Conv2D(8, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(16, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Flatten, Dense(64), ReLU, Dense(10)]
public partial class FashionNet { }

public static partial class Outer
{
    [Model(2, 9, 7, Task = ModelTask.MultiLabel)]
    [Conv2D(3, 3, Stride = 2, Padding = 1), Tanh, GlobalAvgPool2D, Dense(4)]
    internal partial class NestedNet { }
}

[Model(5, Task = ModelTask.Binary)]
[Dense(3), LeakyReLU(0.2f), Dense(1)]
internal partial class TinyBinary { }

[Model(1, 12, 12, Task = ModelTask.Binary)]
[Conv2D(4, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Flatten, Dense(8), ReLU, Dense(1)]
public partial class BlobNet { }

// A max-pool whose window holds a tie; the weight gradient shows which element received the gradient.
[Model(1, 3, 4, Task = ModelTask.Binary)]
[Conv2D(1, 2), MaxPool2D(2), Flatten, Dense(1)]
public partial class TiePool { }

[Model(6, Task = ModelTask.MultiLabel)]
[Labels("nodule", "mass")]
[Dense(8), Tanh, Dense(2)]
public partial class FindingsNet { }
