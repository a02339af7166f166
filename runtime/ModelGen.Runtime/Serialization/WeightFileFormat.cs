using System;

namespace ModelGen.Serialization;

/// <summary>
/// The parts of the weight-file layout that every format version keeps, so that any reader can check a file's
/// integrity before it looks at its version: magic, version, total length, and a CRC-32 in the last 4 bytes.
/// </summary>
internal static class WeightFileFormat
{
    /// <summary>"MGWF": ModelGen weight file.</summary>
    public static ReadOnlySpan<byte> Magic => "MGWF"u8;

    public const uint CurrentVersion = 1;

    /// <summary>Magic (4), version (4), total length including the checksum (8).</summary>
    public const int PrefixLength = 16;

    public const int ChecksumLength = 4;

    /// <summary>The smallest version-1 file: the prefix, two empty strings, the parameter count, no optimizer, no metadata, the checksum.</summary>
    public const int MinimumLength = PrefixLength + 4 + 4 + 4 + 1 + 4 + ChecksumLength;

    /// <summary>Parameters start at a multiple of this from the start of the file.</summary>
    public const int DataAlignment = 4;
}
