using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ModelGen.Generator.Diagnostics;

/// <summary>A diagnostic as plain values: it travels through the pipeline and becomes a <see cref="Diagnostic"/> at the end.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> MessageArguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] messageArguments) =>
        new(descriptor, location, messageArguments.Select(Format).ToEquatableArray());

    private static string Format(object argument) => argument switch
    {
        long number => number.ToString("N0", CultureInfo.InvariantCulture),
        float number => number.ToString("R", CultureInfo.InvariantCulture),
        System.IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => argument?.ToString() ?? string.Empty,
    };

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), MessageArguments.ToArray<object>());
}
