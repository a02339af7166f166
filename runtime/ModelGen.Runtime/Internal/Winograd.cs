using System;
using System.Runtime.CompilerServices;
using System.ComponentModel;

namespace ModelGen.Internal;

/// <summary>
/// The weight transform of Winograd's F(2x2, 3x3) convolution (Lavin and Gray, 2015): each 3x3 kernel g becomes
/// U = G g G^T, 4x4, with G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]. Generated 3x3 convolution kernels keep U in a
/// packed copy of the weights, rewritten whenever the parameters change, and multiply it with the transformed input
/// tiles, 16 products per 2x2 outputs instead of 36.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Winograd
{
    /// <summary>
    /// Transforms <paramref name="weight"/> ([outputs, inputs, 3, 3], PyTorch's layout) for the forward pass, to
    /// <paramref name="destination"/> as [position (16), input channel, output channel].
    /// </summary>
    public static void TransformWeights(ReadOnlySpan<float> weight, Span<float> destination, int outputs, int inputs) =>
        Transform(weight, destination, outputs, inputs, inputGradient: false);

    /// <summary>
    /// Transforms <paramref name="weight"/> for the input gradient, which is the convolution of the output gradient with
    /// each kernel turned by 180 degrees and the channels swapped: to <paramref name="destination"/> as [position (16),
    /// output channel, input channel].
    /// </summary>
    public static void TransformWeightsForInputGradient(ReadOnlySpan<float> weight, Span<float> destination, int outputs, int inputs) =>
        Transform(weight, destination, outputs, inputs, inputGradient: true);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transform(ReadOnlySpan<float> weight, Span<float> destination, int outputs, int inputs, bool inputGradient)
    {
        if (outputs < 1 || inputs < 1 || weight.Length != outputs * inputs * 9 || destination.Length != outputs * inputs * 16)
        {
            throw new ArgumentException(
                $"{outputs} x {inputs} kernels of 3x3 take {(long)outputs * inputs * 9} weights and {(long)outputs * inputs * 16} transformed floats, not {weight.Length} and {destination.Length}.");
        }

        Span<double> g = stackalloc double[9];
        Span<double> gg = stackalloc double[12];
        for (int oc = 0; oc < outputs; oc++)
        {
            for (int ic = 0; ic < inputs; ic++)
            {
                ReadOnlySpan<float> kernel = weight.Slice(((oc * inputs) + ic) * 9, 9);
                for (int i = 0; i < 9; i++)
                {
                    g[i] = kernel[inputGradient ? 8 - i : i];
                }

                // G g: rows 0 and 3 of G pick the kernel's first and last row; rows 1 and 2 halve their sum and difference.
                for (int column = 0; column < 3; column++)
                {
                    double top = g[column], middle = g[3 + column], bottom = g[6 + column];
                    gg[column] = top;
                    gg[3 + column] = (top + middle + bottom) / 2;
                    gg[6 + column] = (top - middle + bottom) / 2;
                    gg[9 + column] = bottom;
                }

                for (int row = 0; row < 4; row++)
                {
                    double left = gg[row * 3], middle = gg[(row * 3) + 1], right = gg[(row * 3) + 2];
                    Store(destination, row * 4, left);
                    Store(destination, (row * 4) + 1, (left + middle + right) / 2);
                    Store(destination, (row * 4) + 2, (left - middle + right) / 2);
                    Store(destination, (row * 4) + 3, right);
                }

                void Store(Span<float> to, int position, double value) =>
                    to[inputGradient ? (((position * outputs) + oc) * inputs) + ic : (((position * inputs) + ic) * outputs) + oc] = (float)value;
            }
        }
    }
}
