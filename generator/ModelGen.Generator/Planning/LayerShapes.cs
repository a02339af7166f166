using System.Collections.Generic;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Parsing;

namespace ModelGen.Generator.Planning;

/// <summary>Per-layer rules: valid arguments, output shape (PyTorch's floor division), parameter counts and FLOPs.</summary>
internal static class LayerShapes
{
    public static bool CheckArguments(LayerSpec layer, List<DiagnosticInfo> diagnostics)
    {
        int before = diagnostics.Count;
        void Require(bool ok, string argument, long value, string rule)
        {
            if (!ok)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ArgumentOutOfRange, layer.Location, layer.Declaration, argument, value, rule));
            }
        }

        string between = $"between 1 and {ModelPlanner.MaxArgument:N0}";
        switch (layer.Kind)
        {
            case LayerKind.Conv2D:
                Require(layer.Units is >= 1 and <= ModelPlanner.MaxArgument, "filters", layer.Units, between);
                Require(layer.Size is >= 1 and <= ModelPlanner.MaxArgument, "kernel", layer.Size, between);
                Require(layer.Stride is >= 1 and <= ModelPlanner.MaxArgument, "Stride", layer.Stride, between);
                Require(layer.Padding is >= 0 and <= ModelPlanner.MaxArgument, "Padding", layer.Padding, $"between 0 and {ModelPlanner.MaxArgument:N0}");
                break;
            case LayerKind.MaxPool2D or LayerKind.AvgPool2D:
                Require(layer.Size is >= 1 and <= ModelPlanner.MaxArgument, "size", layer.Size, between);
                Require(layer.Stride is >= 0 and <= ModelPlanner.MaxArgument, "Stride", layer.Stride, $"{between} (or left out to equal the size)");
                break;
            case LayerKind.Dense:
                Require(layer.Units is >= 1 and <= ModelPlanner.MaxArgument, "units", layer.Units, between);
                break;
            case LayerKind.LeakyReLU when float.IsNaN(layer.Slope) || float.IsInfinity(layer.Slope):
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ArgumentOutOfRange, layer.Location, layer.Declaration, "slope", layer.Slope, "a finite number"));
                break;
        }

        return diagnostics.Count == before;
    }

    /// <summary>The output shape, or null after reporting why the layer cannot take <paramref name="input"/>.</summary>
    public static Shape? Infer(LayerSpec layer, Shape input, List<DiagnosticInfo> diagnostics)
    {
        bool needsImage = layer.Kind is LayerKind.Conv2D or LayerKind.MaxPool2D or LayerKind.AvgPool2D or LayerKind.GlobalAvgPool2D;
        if (needsImage && !input.IsImage)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ImageLayerOnVector, layer.Location, layer.Declaration, input));
            return null;
        }

        if (layer.Kind == LayerKind.Dense && input.IsImage)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DenseOnImage, layer.Location, layer.Declaration, input));
            return null;
        }

        Shape output;
        switch (layer.Kind)
        {
            case LayerKind.Conv2D:
            case LayerKind.MaxPool2D:
            case LayerKind.AvgPool2D:
                bool isConv = layer.Kind == LayerKind.Conv2D;
                int stride = layer.Stride == 0 ? layer.Size : layer.Stride;
                long height = SlidingOutput(input.Height, layer.Size, stride, layer.Padding);
                long width = SlidingOutput(input.Width, layer.Size, stride, layer.Padding);
                if (height < 1 || width < 1)
                {
                    string would = $"{(isConv ? layer.Units : input.Channels)}x{height}x{width}";
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.SpatialDimensionTooSmall, layer.Location, layer.Declaration, input, would));
                    return null;
                }

                long channels = isConv ? layer.Units : input.Channels;
                if (channels * height * width > ModelPlanner.MaxFloats)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.ModelTooLarge, layer.Location, layer.Declaration, "the activation length", channels * height * width, ModelPlanner.MaxFloats));
                    return null;
                }

                output = Shape.Image((int)channels, (int)height, (int)width);
                break;
            case LayerKind.GlobalAvgPool2D:
                output = Shape.Vector(input.Channels);
                break;
            case LayerKind.Flatten:
                output = Shape.Vector((int)input.Length);
                break;
            case LayerKind.Dense:
                output = Shape.Vector(layer.Units);
                break;
            default:
                output = input;
                break;
        }

        return output;
    }

    public static (long Weights, long Biases, int FanIn) ParameterCounts(LayerSpec layer, Shape input, Shape output) => layer.Kind switch
    {
        LayerKind.Conv2D => ((long)output.Channels * input.Channels * layer.Size * layer.Size, output.Channels, input.Channels * layer.Size * layer.Size),
        LayerKind.Dense => ((long)output.Channels * input.Channels, output.Channels, input.Channels),
        _ => (0, 0, 0),
    };

    /// <summary>
    /// Floating-point operations for one sample: a multiply-add counts 2 (so the reference CNN is 0.67 MFLOP);
    /// pooling and activations count one per element they touch; Flatten is free.
    /// </summary>
    public static long Flops(LayerSpec layer, Shape input, Shape output) => layer.Kind switch
    {
        LayerKind.Conv2D => 2L * output.Length * input.Channels * layer.Size * layer.Size,
        LayerKind.Dense => 2L * output.Length * input.Channels,
        LayerKind.MaxPool2D or LayerKind.AvgPool2D => output.Length * layer.Size * layer.Size,
        LayerKind.GlobalAvgPool2D => input.Length,
        LayerKind.Flatten => 0,
        _ => output.Length,
    };

    private static long SlidingOutput(int size, int window, int stride, int padding) =>
        FloorDiv((long)size + (2L * padding) - window, stride) + 1;

    private static long FloorDiv(long value, long divisor) => value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);
}
