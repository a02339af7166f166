using System;
using System.Collections.Generic;

namespace ModelGen.Tests.Reference;

/// <summary>
/// Random valid declarations covering every layer kind and head: kernels 1-7, strides 1-3, padding 0-3, pools
/// with and without stride, non-square inputs, 1-64 channels, vector inputs. Work per model is kept small so
/// hundreds compile and run in seconds.
/// </summary>
internal static class RandomArchitectures
{
    private const long MaxMultiplyAdds = 400_000;

    public static ReferenceNetwork Next(Random random)
    {
        ModelTask task = (ModelTask)random.Next(3);
        var layers = new List<RefLayer>();
        int[] inputShape;
        if (random.Next(6) == 0)
        {
            inputShape = [random.Next(1, 40)];
        }
        else
        {
            int c = random.Next(8) == 0 ? random.Next(1, 65) : random.Next(1, 5);
            int h = random.Next(1, 21), w = random.Next(1, 21);
            inputShape = [c, h, w];
            long work = 0;
            int imageLayers = random.Next(0, 5);
            for (int i = 0; i < imageLayers; i++)
            {
                RefLayer? layer = random.Next(4) switch
                {
                    0 or 1 => TryConv(random, c, h, w, ref work),
                    2 => TryPool(random, h, w),
                    _ => Activation(random),
                };
                if (layer is null)
                {
                    continue;
                }

                layers.Add(layer);
                (c, h, w) = Next(layer, c, h, w);
            }

            layers.Add(random.Next(3) == 0 ? new RefLayer(RefKind.GlobalAvgPool2D) : new RefLayer(RefKind.Flatten));
            if (random.Next(2) == 0)
            {
                layers.Add(Activation(random));
            }
        }

        int hidden = random.Next(0, 3);
        for (int i = 0; i < hidden; i++)
        {
            layers.Add(new RefLayer(RefKind.Dense, Units: random.Next(1, 33)));
            layers.Add(Activation(random));
        }

        int outputs = task switch
        {
            ModelTask.Binary => 1,
            ModelTask.MultiClass => random.Next(2, 11),
            _ => random.Next(1, 8),
        };
        layers.Add(new RefLayer(RefKind.Dense, Units: outputs));
        return new ReferenceNetwork(inputShape, task, layers);
    }

    private static RefLayer? TryConv(Random random, int c, int h, int w, ref long work)
    {
        int filters = random.Next(6) == 0 ? random.Next(1, 65) : random.Next(1, 9);
        int kernel = random.Next(1, 8), stride = random.Next(1, 4), padding = random.Next(0, 4);
        int oh = ((h + (2 * padding) - kernel) / stride) + 1, ow = ((w + (2 * padding) - kernel) / stride) + 1;
        if (h + (2 * padding) < kernel || w + (2 * padding) < kernel || oh < 1 || ow < 1)
        {
            return null;
        }

        long cost = (long)filters * oh * ow * c * kernel * kernel;
        if (work + cost > MaxMultiplyAdds)
        {
            return null;
        }

        work += cost;
        return new RefLayer(RefKind.Conv2D, filters, kernel, stride, padding);
    }

    private static RefLayer? TryPool(Random random, int h, int w)
    {
        int size = random.Next(1, 4), stride = random.Next(0, 4);
        if (size > h || size > w)
        {
            return null;
        }

        return new RefLayer(random.Next(2) == 0 ? RefKind.MaxPool2D : RefKind.AvgPool2D, Size: size, Stride: stride);
    }

    private static RefLayer Activation(Random random) => random.Next(4) switch
    {
        0 => new RefLayer(RefKind.ReLU),
        1 => new RefLayer(RefKind.LeakyReLU, Slope: (float)Math.Round(random.NextDouble() * 0.3, 2)),
        2 => new RefLayer(RefKind.Sigmoid),
        _ => new RefLayer(RefKind.Tanh),
    };

    private static (int C, int H, int W) Next(RefLayer layer, int c, int h, int w) => layer.Kind switch
    {
        RefKind.Conv2D => (layer.Units, ((h + (2 * layer.Padding) - layer.Size) / layer.Stride) + 1, ((w + (2 * layer.Padding) - layer.Size) / layer.Stride) + 1),
        RefKind.MaxPool2D or RefKind.AvgPool2D => (c, ((h - layer.Size) / (layer.Stride == 0 ? layer.Size : layer.Stride)) + 1, ((w - layer.Size) / (layer.Stride == 0 ? layer.Size : layer.Stride)) + 1),
        _ => (c, h, w),
    };
}
