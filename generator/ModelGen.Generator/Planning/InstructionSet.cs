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
}
