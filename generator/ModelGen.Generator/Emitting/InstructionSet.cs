namespace ModelGen.Generator.Emitting;

/// <summary>The code paths a kernel can have, best first. The JIT and NativeAOT fold each check to a constant.</summary>
internal enum InstructionSet
{
    Avx512,
    Avx2,
    AdvSimd,
    Scalar,
}

internal static class InstructionSets
{
    public static string IsSupportedCheck(this InstructionSet set) => set switch
    {
        InstructionSet.Avx512 => "global::System.Runtime.Intrinsics.X86.Avx512F.IsSupported",
        InstructionSet.Avx2 => "global::System.Runtime.Intrinsics.X86.Avx2.IsSupported && global::System.Runtime.Intrinsics.X86.Fma.IsSupported",
        InstructionSet.AdvSimd => "global::System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported",
        _ => "true",
    };
}
