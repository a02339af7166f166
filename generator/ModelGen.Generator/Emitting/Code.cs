using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace ModelGen.Generator.Emitting;

/// <summary>Small pieces of C# text: literals in the invariant culture and index arithmetic without "* 1" or "+ 0".</summary>
internal static class Code
{
    public const string ReadOnlySpan = "global::System.ReadOnlySpan<float>";
    public const string Span = "global::System.Span<float>";

    /// <summary>A float literal that round-trips, whatever the build machine's culture.</summary>
    public static string Float(float value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOf('.') < 0 && text.IndexOf('E') < 0)
        {
            text += ".0";
        }

        return text + "f";
    }

    /// <summary>A name as C# source must spell it: keywords (a class named <c>@class</c>, or <c>@record</c>) keep their '@'.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary><paramref name="variable"/> * <paramref name="scale"/> + <paramref name="offset"/>, simplified.</summary>
    public static string Affine(string variable, int scale, int offset)
    {
        string term = scale == 1 ? variable : $"{variable} * {Int(scale)}";
        return offset switch
        {
            0 => term,
            > 0 => $"{term} + {Int(offset)}",
            _ => $"{term} - {Int(-offset)}",
        };
    }

    /// <summary>Row-major index of (c, y, x) in a CxHxW tensor.</summary>
    public static string Chw(string c, string y, string x, int height, int width) =>
        $"({c} * {Int(height)} + {y}) * {Int(width)} + {x}";
}
