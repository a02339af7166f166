using System.Collections.Generic;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>
/// Splits a length into a loop of full vectors and a tail resolved at generation time: one smaller vector of 8,
/// one of 4, then single floats, so no run-time loop handles the remainder.
/// </summary>
internal static class VectorChunks
{
    /// <summary>The end of the full-vector loop, and the (offset, width) pieces of the tail.</summary>
    public static (int LoopEnd, List<(int Offset, int Width)> Tail) Split(int length, int width)
    {
        int loopEnd = length / width * width;
        var tail = new List<(int, int)>();
        int offset = loopEnd;
        foreach (int piece in new[] { 8, 4, 1 })
        {
            while (piece < width && length - offset >= piece)
            {
                tail.Add((offset, piece));
                offset += piece;
            }
        }

        return (loopEnd, tail);
    }
}
