using ModelGen;

namespace ModelGen.Samples;

// The reference CNN for Fashion-MNIST's 28x28 grayscale images in 10 classes.
[Model(1, 28, 28, Task = ModelTask.MultiClass)]
[Labels("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")]
[Conv2D(8, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Conv2D(16, 3, Padding = 1), ReLU, MaxPool2D(2)]
[Flatten, Dense(64), ReLU, Dense(10)]
public partial class FashionNet { }
