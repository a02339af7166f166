using ModelGen;

namespace QuickStart;

// The reference CNN for 28x28 grayscale images (Fashion-MNIST): everything else is generated at compile time.
[Model(1, 28, 28, Task = ModelTask.MultiClass)]
[Conv2D(8, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(16, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Flatten, Dense(64), ReLU, Dense(10)]
public partial class FashionNet { }
