using System;
using System.IO;

namespace ModelGen.Data;

/// <summary>Undoes PNG's per-row filters (None, Sub, Up, Average, Paeth) in place.</summary>
internal static class PngFilters
{
    // Each of the rows is a filter-type byte followed by rowBytes bytes.
    public static void Reverse(Span<byte> rows, int height, int rowBytes, int pixelBytes, string path)
    {
        Span<byte> previous = new byte[rowBytes];
        for (int y = 0; y < height; y++)
        {
            Span<byte> line = rows.Slice(y * (rowBytes + 1), rowBytes + 1);
            byte filter = line[0];
            Span<byte> row = line[1..];
            for (int i = 0; i < rowBytes; i++)
            {
                int left = i >= pixelBytes ? row[i - pixelBytes] : 0;
                int up = previous[i];
                int upLeft = i >= pixelBytes ? previous[i - pixelBytes] : 0;
                row[i] += filter switch
                {
                    0 => 0,
                    1 => (byte)left,
                    2 => (byte)up,
                    3 => (byte)((left + up) / 2),
                    4 => (byte)Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"'{path}' is corrupt: row {y} uses PNG filter type {filter}; expected 0 to 4."),
                };
            }

            row.CopyTo(previous);
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
