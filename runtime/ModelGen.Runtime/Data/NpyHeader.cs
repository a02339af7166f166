using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace ModelGen.Data;

/// <summary>
/// The header of an NPY file: a Python dict literal such as <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>.
/// Parsed by hand (the three keys numpy requires, strings, booleans and tuples of integers), so reading needs no Python.
/// </summary>
internal readonly record struct NpyHeader(string Descr, bool FortranOrder, int[] Shape)
{
    // numpy leaves room to grow the first dimension in place; writing the same spaces keeps our files byte-identical to np.save.
    private const int GrowthAxisMaxDigits = 21;
    private const int Alignment = 64;

    public static string FormatShape(ReadOnlySpan<int> shape) => shape.Length switch
    {
        0 => "()",
        1 => $"({shape[0]},)",
        _ => $"({string.Join(", ", shape.ToArray())})",
    };

    /// <summary>The header text as numpy writes it for format 1.0, padded so that the data starts on a 64-byte boundary.</summary>
    public static string Format(string descr, ReadOnlySpan<int> shape, int prefixLength)
    {
        var text = new StringBuilder($"{{'descr': '{descr}', 'fortran_order': False, 'shape': {FormatShape(shape)}, }}");
        if (shape.Length > 0)
        {
            text.Append(' ', GrowthAxisMaxDigits - shape[0].ToString(CultureInfo.InvariantCulture).Length);
        }

        text.Append(' ', Alignment - ((prefixLength + text.Length + 1) % Alignment)).Append('\n');
        return text.ToString();
    }

    public static NpyHeader Parse(string text, string path)
    {
        var reader = new Reader(text, path);
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        reader.Expect('{');
        while (!reader.TryConsume('}'))
        {
            string key = reader.ReadString();
            reader.Expect(':');
            if (!values.TryAdd(key, reader.ReadValue()))
            {
                throw reader.Malformed($"the key '{key}' appears twice");
            }

            if (!reader.TryConsume(','))
            {
                reader.Expect('}');
                break;
            }
        }

        if (!reader.AtEndIgnoringWhiteSpace())
        {
            throw reader.Malformed("text follows the closing brace");
        }

        if (values.Count != 3 || values.GetValueOrDefault("descr") is not string descr ||
            values.GetValueOrDefault("fortran_order") is not bool fortranOrder || values.GetValueOrDefault("shape") is not int[] shape)
        {
            throw reader.Malformed("expected exactly the keys 'descr' (a string), 'fortran_order' (True or False) and 'shape' (a tuple of integers)");
        }

        return new NpyHeader(descr, fortranOrder, shape);
    }

    private ref struct Reader(string text, string path)
    {
        private int _position;

        public readonly InvalidDataException Malformed(string problem) => new(
            $"'{path}' has a malformed NPY header ({problem} at character {_position}): {Excerpt(text)}");

        public void Expect(char c)
        {
            if (!TryConsume(c))
            {
                throw Malformed($"expected '{c}'");
            }
        }

        public bool TryConsume(char c)
        {
            SkipWhiteSpace();
            if (_position < text.Length && text[_position] == c)
            {
                _position++;
                return true;
            }

            return false;
        }

        public bool AtEndIgnoringWhiteSpace()
        {
            SkipWhiteSpace();
            return _position == text.Length;
        }

        public string ReadString()
        {
            SkipWhiteSpace();
            char quote = _position < text.Length ? text[_position] : '\0';
            if (quote is not ('\'' or '"'))
            {
                throw Malformed("expected a quoted string");
            }

            int end = text.IndexOf(quote, _position + 1);
            if (end < 0)
            {
                throw Malformed("a string is not closed");
            }

            string value = text[(_position + 1)..end];
            _position = end + 1;
            return value;
        }

        public object ReadValue()
        {
            SkipWhiteSpace();
            if (TryConsumeWord("True"))
            {
                return true;
            }

            if (TryConsumeWord("False"))
            {
                return false;
            }

            return _position < text.Length && text[_position] == '(' ? ReadIntegerTuple() : ReadString();
        }

        private int[] ReadIntegerTuple()
        {
            Expect('(');
            var items = new List<int>();
            while (!TryConsume(')'))
            {
                items.Add(ReadDimension());
                if (!TryConsume(','))
                {
                    Expect(')');
                    break;
                }
            }

            return items.ToArray();
        }

        private int ReadDimension()
        {
            SkipWhiteSpace();
            int start = _position;
            while (_position < text.Length && char.IsAsciiDigit(text[_position]))
            {
                _position++;
            }

            if (!int.TryParse(text.AsSpan(start, _position - start), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            {
                throw Malformed("expected a dimension: a non-negative integer below 2^31");
            }

            // Files written under Python 2 spell long integers with an L suffix, as in (3L, 4L).
            if (_position < text.Length && text[_position] == 'L')
            {
                _position++;
            }

            return value;
        }

        private bool TryConsumeWord(string word)
        {
            if (string.CompareOrdinal(text, _position, word, 0, word.Length) == 0)
            {
                _position += word.Length;
                return true;
            }

            return false;
        }

        private void SkipWhiteSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }

        private static string Excerpt(string text)
        {
            string trimmed = text.TrimEnd();
            string shown = trimmed.Length <= 200 ? trimmed : string.Concat(trimmed.AsSpan(0, 200), "...");
            return string.Create(shown.Length, shown, static (span, s) =>
            {
                for (int i = 0; i < s.Length; i++)
                {
                    span[i] = char.IsControl(s[i]) ? '?' : s[i];
                }
            });
        }
    }
}
