using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ModelGen.Tests.Reference;

internal enum RefKind { Conv2D, MaxPool2D, AvgPool2D, GlobalAvgPool2D, Flatten, Dense, ReLU, LeakyReLU, Sigmoid, Tanh }

/// <summary>One layer for the reference: <see cref="Units"/> is filters or units, <see cref="Size"/> the kernel or window; Stride 0 on a pool means "the size".</summary>
internal sealed record RefLayer(RefKind Kind, int Units = 0, int Size = 0, int Stride = 0, int Padding = 0, float Slope = 0.01f)
{
    public string Declaration => Kind switch
    {
        RefKind.Conv2D => $"Conv2D({Units}, {Size}{(Stride != 1 ? $", Stride = {Stride}" : "")}{(Padding != 0 ? $", Padding = {Padding}" : "")})",
        RefKind.MaxPool2D or RefKind.AvgPool2D => $"{Kind}({Size}{(Stride != 0 ? $", Stride = {Stride}" : "")})",
        RefKind.Dense => $"Dense({Units})",
        RefKind.LeakyReLU => $"LeakyReLU({Slope.ToString("R", CultureInfo.InvariantCulture)}f)",
        _ => Kind.ToString(),
    };
}

/// <summary>
/// A plain, obviously correct forward pass in double precision, written from the PyTorch definitions, with
/// parameters in state_dict order. Slow on purpose: no cleverness to get wrong.
/// </summary>
internal sealed class ReferenceNetwork(int[] inputShape, ModelTask task, IReadOnlyList<RefLayer> layers)
{
    public int[] InputShape { get; } = inputShape;

    public ModelTask Task { get; } = task;

    public IReadOnlyList<RefLayer> Layers { get; } = layers;

    public string Declaration(string className)
    {
        var text = new StringBuilder();
        text.Append($"[Model({string.Join(", ", InputShape)}, Task = ModelTask.{Task})]\n[");
        text.Append(string.Join(", ", Layers.Select(l => l.Declaration)));
        text.Append($"]\npublic partial class {className} {{ }}\n");
        return text.ToString();
    }

    public int ParameterCount
    {
        get
        {
            int count = 0;
            Walk((layer, c, h, w, outC, outH, outW) =>
            {
                if (layer.Kind == RefKind.Conv2D) count += (outC * c * layer.Size * layer.Size) + outC;
                if (layer.Kind == RefKind.Dense) count += (outC * c) + outC;
            });
            return count;
        }
    }

    public int OutputLength
    {
        get
        {
            int length = 0;
            Walk((_, _, _, _, outC, outH, outW) => length = outC * outH * outW);
            return length;
        }
    }

    /// <summary>Probabilities for one sample.</summary>
    public double[] Forward(float[] parameters, float[] input)
    {
        double[] x = Logits(parameters.Select(v => (double)v).ToArray(), input);
        if (Task != ModelTask.MultiClass) return x.Select(v => 1 / (1 + Math.Exp(-v))).ToArray();
        double max = x.Max();
        double[] e = x.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    /// <summary>The mean loss over a batch, reduced as PyTorch's CrossEntropyLoss and BCEWithLogitsLoss do.</summary>
    public double Loss(double[] parameters, float[] inputs, float[] targets)
    {
        int inputLength = InputShape.Aggregate(1, (a, b) => a * b);
        int batch = inputs.Length / inputLength;
        double total = 0;
        int terms = 0;
        for (int n = 0; n < batch; n++)
        {
            double[] z = Logits(parameters, inputs.AsSpan(n * inputLength, inputLength).ToArray());
            if (Task == ModelTask.MultiClass)
            {
                double max = z.Max();
                total += max + Math.Log(z.Sum(v => Math.Exp(v - max))) - z[(int)targets[n]];
                terms++;
            }
            else
            {
                for (int k = 0; k < z.Length; k++)
                {
                    double p = 1 / (1 + Math.Exp(-z[k])), y = targets[(n * z.Length) + k];
                    total -= (y * Math.Log(p)) + ((1 - y) * Math.Log(1 - p));
                    terms++;
                }
            }
        }

        return total / terms;
    }

    /// <summary>The last layer's outputs for one sample, before the head.</summary>
    public double[] Logits(double[] parameters, float[] input) => LayerOutputs(parameters, input)[^1];

    /// <summary>Every layer's output for one sample, in order.</summary>
    public List<double[]> LayerOutputs(double[] parameters, float[] input)
    {
        double[] x = input.Select(v => (double)v).ToArray();
        int c = InputShape[0], h = InputShape.Length == 3 ? InputShape[1] : 1, w = InputShape.Length == 3 ? InputShape[2] : 1;
        int p = 0;
        var outputs = new List<double[]>();
        foreach (RefLayer layer in Layers)
        {
            (x, c, h, w) = Apply(layer, x, c, h, w, parameters, ref p);
            outputs.Add(x);
        }

        if (p != parameters.Length) throw new InvalidOperationException($"used {p} of {parameters.Length} parameters");
        return outputs;
    }

    private static (double[], int, int, int) Apply(RefLayer layer, double[] x, int c, int h, int w, double[] parameters, ref int p)
    {
        switch (layer.Kind)
        {
            case RefKind.Conv2D:
            {
                int k = layer.Size, s = layer.Stride, pad = layer.Padding, oc = layer.Units;
                int oh = ((h + (2 * pad) - k) / s) + 1, ow = ((w + (2 * pad) - k) / s) + 1;
                int weight = p, bias = p + (oc * c * k * k);
                p = bias + oc;
                var y = new double[oc * oh * ow];
                for (int o = 0; o < oc; o++)
                for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    double sum = parameters[bias + o];
                    for (int ci = 0; ci < c; ci++)
                    for (int a = 0; a < k; a++)
                    for (int b = 0; b < k; b++)
                    {
                        int yy = (i * s) - pad + a, xx = (j * s) - pad + b;
                        if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue; // zero padding
                        sum += x[(((ci * h) + yy) * w) + xx] * parameters[weight + (((((o * c) + ci) * k) + a) * k) + b];
                    }

                    y[(((o * oh) + i) * ow) + j] = sum;
                }

                return (y, oc, oh, ow);
            }

            case RefKind.MaxPool2D:
            case RefKind.AvgPool2D:
            {
                int k = layer.Size, s = layer.Stride == 0 ? k : layer.Stride;
                int oh = ((h - k) / s) + 1, ow = ((w - k) / s) + 1;
                var y = new double[c * oh * ow];
                for (int ci = 0; ci < c; ci++)
                for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    var window = new List<double>();
                    for (int a = 0; a < k; a++)
                    for (int b = 0; b < k; b++)
                        window.Add(x[(((ci * h) + (i * s) + a) * w) + (j * s) + b]);
                    y[(((ci * oh) + i) * ow) + j] = layer.Kind == RefKind.MaxPool2D ? window.Max() : window.Average();
                }

                return (y, c, oh, ow);
            }

            case RefKind.GlobalAvgPool2D:
                return (Enumerable.Range(0, c).Select(ci => x.Skip(ci * h * w).Take(h * w).Average()).ToArray(), c, 1, 1);

            case RefKind.Flatten:
                return (x, c * h * w, 1, 1);

            case RefKind.Dense:
            {
                int n = c, units = layer.Units;
                int weight = p, bias = p + (units * n);
                p = bias + units;
                var y = new double[units];
                for (int o = 0; o < units; o++)
                {
                    double sum = parameters[bias + o];
                    for (int i = 0; i < n; i++) sum += parameters[weight + (o * n) + i] * x[i];
                    y[o] = sum;
                }

                return (y, units, 1, 1);
            }

            case RefKind.ReLU: return (x.Select(v => Math.Max(v, 0)).ToArray(), c, h, w);
            case RefKind.LeakyReLU: return (x.Select(v => v >= 0 ? v : v * layer.Slope).ToArray(), c, h, w);
            case RefKind.Sigmoid: return (x.Select(v => 1 / (1 + Math.Exp(-v))).ToArray(), c, h, w);
            case RefKind.Tanh: return (x.Select(Math.Tanh).ToArray(), c, h, w);
            default: throw new ArgumentOutOfRangeException(nameof(layer));
        }
    }

    private void Walk(Action<RefLayer, int, int, int, int, int, int> visit)
    {
        int c = InputShape[0], h = InputShape.Length == 3 ? InputShape[1] : 1, w = InputShape.Length == 3 ? InputShape[2] : 1;
        foreach (RefLayer layer in Layers)
        {
            (int oc, int oh, int ow) = layer.Kind switch
            {
                RefKind.Conv2D => (layer.Units, ((h + (2 * layer.Padding) - layer.Size) / layer.Stride) + 1, ((w + (2 * layer.Padding) - layer.Size) / layer.Stride) + 1),
                RefKind.MaxPool2D or RefKind.AvgPool2D => (c, ((h - layer.Size) / (layer.Stride == 0 ? layer.Size : layer.Stride)) + 1, ((w - layer.Size) / (layer.Stride == 0 ? layer.Size : layer.Stride)) + 1),
                RefKind.GlobalAvgPool2D => (c, 1, 1),
                RefKind.Flatten => (c * h * w, 1, 1),
                RefKind.Dense => (layer.Units, 1, 1),
                _ => (c, h, w),
            };
            visit(layer, c, h, w, oc, oh, ow);
            (c, h, w) = (oc, oh, ow);
        }
    }
}
