using System;
using System.Buffers.Binary;

namespace ModelGen.Serialization;

/// <summary>The element types safetensors names, their sizes, and conversion of the floating-point ones to float32.</summary>
internal static class SafeTensorsDType
{
    public const string Float32 = "F32";

    /// <summary>Bytes per element, or 0 for a name the format does not define.</summary>
    public static int Size(string dtype) => dtype switch
    {
        "BOOL" or "U8" or "I8" or "F8_E5M2" or "F8_E4M3" => 1,
        "I16" or "U16" or "F16" or "BF16" => 2,
        "I32" or "U32" or "F32" => 4,
        "I64" or "U64" or "F64" => 8,
        _ => 0,
    };

    public static bool CanConvertToFloat32(string dtype) => dtype is "F32" or "F16" or "BF16" or "F64";

    /// <summary>Converts little-endian <paramref name="bytes"/> of <paramref name="dtype"/> into <paramref name="destination"/>.</summary>
    public static void ConvertToFloat32(ReadOnlySpan<byte> bytes, string dtype, Span<float> destination)
    {
        switch (dtype)
        {
            case "F32":
                LittleEndianFloats.Read(bytes, destination);
                break;
            case "F16":
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * i)..]);
                }

                break;
            case "BF16":
                // bfloat16 is the upper half of a float32, so widening is exact.
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]) << 16);
                }

                break;
            case "F64":
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]);
                }

                break;
            default:
                throw new ArgumentException($"Cannot convert {dtype} to float32.", nameof(dtype));
        }
    }
}
