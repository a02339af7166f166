using System;
using System.IO;
using System.Text;

namespace ModelGen.Samples;

/// <summary>Reads binary PGM (P5) grayscale images, 8 or 16 bits per pixel, as floats scaled to [0, 1].</summary>
internal static class PgmImage
{
    public static float[] Read(string path, int expectedWidth, int expectedHeight)
    {
        byte[] data = File.ReadAllBytes(path);
        int position = 0;
        string magic = Token(data, ref position, path);
        if (magic != "P5")
        {
            throw new InvalidDataException($"'{path}' is not a binary PGM image (it starts with '{magic}', expected 'P5').");
        }

        int width = int.Parse(Token(data, ref position, path)), height = int.Parse(Token(data, ref position, path));
        int maximum = int.Parse(Token(data, ref position, path));
        position++; // the single whitespace after the header
        if (width != expectedWidth || height != expectedHeight)
        {
            throw new InvalidDataException($"'{path}' is {width}x{height}; the model takes {expectedWidth}x{expectedHeight} images.");
        }

        int bytesPerPixel = maximum > 255 ? 2 : 1;
        if (data.Length - position < width * height * bytesPerPixel)
        {
            throw new InvalidDataException($"'{path}' is truncated: {width}x{height} pixels need {width * height * bytesPerPixel} bytes after the header.");
        }

        var pixels = new float[width * height];
        for (int i = 0; i < pixels.Length; i++)
        {
            int value = bytesPerPixel == 2 ? (data[position + (2 * i)] << 8) | data[position + (2 * i) + 1] : data[position + i];
            pixels[i] = (float)value / maximum;
        }

        return pixels;
    }

    private static string Token(byte[] data, ref int position, string path)
    {
        while (position < data.Length && (char.IsWhiteSpace((char)data[position]) || data[position] == '#'))
        {
            if (data[position] == '#')
            {
                while (position < data.Length && data[position] != '\n')
                {
                    position++;
                }
            }
            else
            {
                position++;
            }
        }

        int start = position;
        while (position < data.Length && !char.IsWhiteSpace((char)data[position]))
        {
            position++;
        }

        if (start == position)
        {
            throw new InvalidDataException($"'{path}' ends inside its PGM header.");
        }

        return Encoding.ASCII.GetString(data, start, position - start);
    }
}
