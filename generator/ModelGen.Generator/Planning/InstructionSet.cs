using System.Linq;

namespace ModelGen.Generator.Planning;

/// <summary>The code paths a kernel can have, best first. Generated code picks one with IsSupported checks that fold to constants.</summary>
internal enum InstructionSet
{
    Avx512,
    Avx2,
    AdvSimd,
    Scalar,
}

/// <summary>A vector path of a layer: the instruction set and the vector width (floats) its kernel uses.</summary>
internal readonly record struct VectorPath(InstructionSet Set, int Width);

internal static class InstructionSets
{
    /// <summary>The widest vector each instruction set has, in floats.</summary>
    public static int MaxWidth(this InstructionSet set) => set switch
    {
        InstructionSet.Avx512 => 16,
        InstructionSet.Avx2 => 8,
        InstructionSet.AdvSimd => 4,
        _ => 1,
    };

    /// <summary>
    /// The vector registers a kernel's register block plans with: 32 zmm with AVX-512, 16 ymm with AVX2. NEON has 32 as
    /// well, but its path runs here only under emulation, where a larger block cannot be measured, so it keeps the
    /// block measured with 16 (and its smaller code).
    /// </summary>
    public static int VectorRegisters(this InstructionSet set) => set == InstructionSet.Avx512 ? 32 : 16;

    /// <summary>The accumulators a register block may keep: the vector registers less 4 for the operands it loads.</summary>
    public static int Accumulators(this InstructionSet set) => set.VectorRegisters() - 4;

    /// <summary>The widest vector (16, 8 or 4 floats) of at most <paramref name="maxWidth"/> that divides <paramref name="channels"/>, a multiple of 4.</summary>
    public static int WidestDividing(int maxWidth, int channels) => new[] { 16, 8, 4 }.First(w => w <= maxWidth && channels % w == 0);
}
