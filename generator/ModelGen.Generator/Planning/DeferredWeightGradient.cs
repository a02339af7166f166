using ModelGen.Generator.Parsing;

namespace ModelGen.Generator.Planning;

/// <summary>
/// A large Dense layer's weight gradient summed over <see cref="Samples"/> samples at once in training, instead of one
/// sample at a time: the backward pass keeps each sample's input and output gradient in the training arena, and
/// every <see cref="Samples"/> samples (and at the end of a call) one pass adds dy x^T of all of them, reading and
/// writing each weight-gradient row once instead of once per sample. The multiply-adds run per element in the same
/// order as sample after sample, so the result is the same to the bit. Measured with the kernels benchmark on
/// 2026-12-03 (Intel Xeon, AVX-512) on the reference CNN's Dense(64) (50,176 weights, 200 KB of gradient, more than
/// L1 holds): its backward pass per sample went from 8.5 to 5.2 us (random output gradients, every row visited; what
/// is left is mostly the input gradient's read of the 200 KB of weights).
/// </summary>
internal static class DeferredWeightGradient
{
    public const int Samples = 8;

    /// <summary>Weights from which the gradient rows no longer stay in L1 between samples (64 KB).</summary>
    public const int MinimumWeights = 16_384;

    public static bool Applies(LayerKind kind, long weights) => kind == LayerKind.Dense && weights >= MinimumWeights;

    /// <summary>Floats kept in the arena: [sample, input] then [sample, output].</summary>
    public static long LengthOf(Shape input, Shape output) => Samples * (input.Length + output.Length);
}
