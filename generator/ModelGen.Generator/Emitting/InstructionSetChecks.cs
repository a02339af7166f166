using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting;

internal static class InstructionSetChecks
{
    /// <summary>The condition that selects a path; the JIT and NativeAOT fold it to a constant.</summary>
    public static string IsSupportedCheck(this InstructionSet set) => set switch
    {
        InstructionSet.Avx512 => "global::System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated",
        InstructionSet.Avx2 => "global::System.Runtime.Intrinsics.X86.Avx2.IsSupported && global::System.Runtime.Intrinsics.X86.Fma.IsSupported",
        InstructionSet.AdvSimd => "global::System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported",
        _ => "true",
    };

    /// <summary>
    /// File-level aliases that keep vector kernels readable: VecN is a vector of N floats, SimdN its operations;
    /// MethodImpl and MethodImplOptions for the attribute every kernel carries; Pairs for the 2x2 pools' lane moves.
    /// </summary>
    public const string Aliases = """
        using Vec16 = global::System.Runtime.Intrinsics.Vector512<float>;
        using Vec8 = global::System.Runtime.Intrinsics.Vector256<float>;
        using Vec4 = global::System.Runtime.Intrinsics.Vector128<float>;
        using Simd16 = global::System.Runtime.Intrinsics.Vector512;
        using Simd8 = global::System.Runtime.Intrinsics.Vector256;
        using Simd4 = global::System.Runtime.Intrinsics.Vector128;
        using Unsafe = global::System.Runtime.CompilerServices.Unsafe;
        using MemoryMarshal = global::System.Runtime.InteropServices.MemoryMarshal;
        using MethodImpl = global::System.Runtime.CompilerServices.MethodImplAttribute;
        using MethodImplOptions = global::System.Runtime.CompilerServices.MethodImplOptions;
        using Pairs = global::ModelGen.Internal.Pairs;
        """;

    /// <summary>The vector type and its operations class for a width, as the aliases name them.</summary>
    public static (string Type, string Helper) VectorNames(int width) => ($"Vec{width}", $"Simd{width}");
}
