using System;
using System.Buffers.Binary;
using System.Text;

namespace ModelGen.Serialization;

/// <summary>Reads the fields of a weight file whose checksum has been verified; a field that runs past the end is <see cref="WeightFileProblem.Malformed"/>.</summary>
internal ref struct WeightFileCursor
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _origin;
    private int _index;

    /// <param name="data">The fields, up to (not including) the checksum.</param>
    /// <param name="origin">The offset of <paramref name="data"/> in the file.</param>
    public WeightFileCursor(ReadOnlySpan<byte> data, int origin)
    {
        _data = data;
        _origin = origin;
    }

    /// <summary>Offset from the start of the file.</summary>
    public readonly int Position => _origin + _index;

    public readonly int Remaining => _data.Length - _index;

    public byte ReadByte(string what) => Take(1, what)[0];

    public bool ReadFlag(string what) => ReadByte(what) switch
    {
        0 => false,
        1 => true,
        byte other => throw WeightFileReader.Malformed($"the {what} flag is {other}, not 0 or 1"),
    };

    public uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    public long ReadInt64(string what) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, what));

    public float ReadSingle(string what) => BinaryPrimitives.ReadSingleLittleEndian(Take(4, what));

    public string ReadString(string what)
    {
        uint length = ReadUInt32($"length of the {what}");
        ReadOnlySpan<byte> bytes = Take(length > int.MaxValue ? int.MaxValue : (int)length, what);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw WeightFileReader.Malformed($"the {what} is not valid UTF-8");
        }
    }

    public ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > Remaining)
        {
            throw WeightFileReader.Malformed($"the {what} at byte {Position} runs past the end of the data ({count} bytes, {Remaining} left)");
        }

        ReadOnlySpan<byte> bytes = _data.Slice(_index, count);
        _index += count;
        return bytes;
    }
}
