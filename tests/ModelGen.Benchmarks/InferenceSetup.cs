using System;
using ModelGen.Data;

namespace ModelGen.Benchmarks;

/// <summary>The reference CNN and the images the inference benchmarks time it on.</summary>
internal static class InferenceSetup
{
    /// <summary>
    /// Realistic weights and inputs: one quick epoch on part of Fashion-MNIST, then its first test images. Without the
    /// data set, the default initialisation and uniform noise (the timings then show the worst case for branches).
    /// Prints which.
    /// </summary>
    public static (ReferenceCnn Model, float[] Images) Load(int count)
    {
        var model = new ReferenceCnn(seed: 0);
        float[] images = new float[count * ReferenceCnn.InputLength];
        if (FashionMnist.FindDirectory() is not null)
        {
            (TrainingData training, TrainingData test) = FashionMnist.Load();
            model.Optimizer = new Sgd(0.01f, momentum: 0.9f);
            model.Fit(training.Slice(0, 12_000), new FitOptions { Epochs = 1, BatchSize = 32, Seed = 0 });
            test.Inputs.Span[..images.Length].CopyTo(images);
            Console.WriteLine($"Weights: one epoch of SGD on 12,000 Fashion-MNIST images; inputs: the first {count} test images");
            return (model, images);
        }

        var random = new Random(1);
        for (int i = 0; i < images.Length; i++)
        {
            images[i] = random.NextSingle();
        }

        Console.WriteLine($"Weights: default initialisation (no Fashion-MNIST found); inputs: {count} images of uniform noise");
        return (model, images);
    }
}
