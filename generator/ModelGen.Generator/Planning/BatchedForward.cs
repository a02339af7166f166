using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Generator.Planning;

/// <summary>
/// In training, the forward pass of the first Dense layer whose weight gradient is deferred
/// (<see cref="DeferredWeightGradient"/>) runs for <see cref="Samples"/> samples at once, reading its weights once for
/// all of them instead of once per sample: each sample first runs the layers before it with their outputs in a slot
/// of its own (the usual places for the first, <see cref="SlotsOffset"/> on for the others), then the layer runs on
/// the samples' inputs kept for its weight gradient, then each sample finishes its forward pass and runs the backward
/// pass of the layers after it. The layer's backward pass (bias and input gradients; its weight gradient is deferred)
/// then runs for all of them, reading its weights once more, and each sample runs the backward pass of the layers
/// before it from its slot. Every output and gradient is summed as the one-sample kernels sum it, so training is the
/// same to the bit.
/// Measured with the train benchmark on 2026-12-03 (AMD EPYC, AVX-512, old and new binaries alternately, a noisy
/// machine): the reference CNN's one-thread training 34,072 and 37,387 -> 34,360 and 41,050 samples/s, accuracy 0.8636
/// both; a perf profile before had Dense(64)'s forward pass at a tenth of the training time, its 200 KB of weights
/// read from L2 once per sample. Its input gradient batched the same way, with the kernels benchmark on 2026-12-08
/// (AMD EPYC, AVX-512, binaries alternating, every output gradient non-zero): Dense(64)'s backward pass per sample of
/// 8, weight gradient included, 3.6-4.1 -> 1.6-2.4 us.
/// </summary>
/// <param name="Layer">The batched layer's index.</param>
/// <param name="SlotLength">The activations before the layer: the arena's first floats, up to the end of its input.</param>
/// <param name="SlotsOffset">Where the slots of samples 1 and on begin in the training arena.</param>
/// <param name="OutputsOffset">Where the layer's outputs for the samples go, [sample, output].</param>
/// <param name="InputGradientsOffset">Where the layer's input gradients for the samples go, [sample, input] (when it has one).</param>
internal readonly record struct BatchedForward(int Layer, int SlotLength, int SlotsOffset, int OutputsOffset, int InputGradientsOffset)
{
    public const int Samples = DeferredWeightGradient.Samples;

    /// <summary>4 MB per training thread: beyond that the slots would leave the caches and cost more than they save.</summary>
    public const long MaxSlotFloats = 1 << 20;

    /// <summary>
    /// The batched layer of a planned model, or null, with the floats it adds to <paramref name="trainingArenaLength"/>:
    /// none when the slots would take more than <see cref="MaxSlotFloats"/> or the arena more than
    /// <paramref name="maxArenaFloats"/>, or when the outputs of the layers before it are not the arena's first floats
    /// (so that one offset moves all of them).
    /// </summary>
    public static BatchedForward? Plan(IReadOnlyList<LayerPlan> layers, ref long trainingArenaLength, long maxArenaFloats)
    {
        int index = layers.ToList().FindIndex(l => l.DefersWeightGradient);
        if (index < 0 || layers[index].TrainingSource.Kind != BufferKind.Arena)
        {
            return null;
        }

        BufferRef input = layers[index].TrainingSource;
        int slotLength = input.Offset + input.Length;
        bool before = layers.Take(index).All(l => l.TrainingDestination.Offset + l.TrainingDestination.Length <= slotLength);
        bool after = layers.Skip(index).All(l => l.TrainingDestination.Offset >= slotLength);
        long slots = (long)(Samples - 1) * slotLength, outputs = trainingArenaLength + slots + (Samples * layers[index].Output.Length);
        long end = outputs + (layers[index].NeedsInputGradient ? Samples * input.Length : 0);
        if (!before || !after || slots > MaxSlotFloats || end > maxArenaFloats)
        {
            return null;
        }

        var batched = new BatchedForward(index, slotLength, (int)trainingArenaLength, (int)(trainingArenaLength + slots), (int)outputs);
        trainingArenaLength = end;
        return batched;
    }

    /// <summary>Whether a buffer holds the output of a layer before the batched one, so each sample has its own.</summary>
    public bool InSlot(BufferRef buffer) => buffer.Kind == BufferKind.Arena && buffer.Offset < SlotLength;
}
