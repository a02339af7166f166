using ModelGen.Generator.Diagnostics;

namespace ModelGen.Generator.Parsing;

/// <summary>
/// One layer attribute as written. <see cref="Units"/> is Conv2D's filters or Dense's units; <see cref="Size"/> is the
/// kernel or pool window; <see cref="Stride"/> is 0 where the attribute leaves it to its default.
/// </summary>
internal sealed record LayerSpec(
    LayerKind Kind,
    string Declaration,
    int Units,
    int Size,
    int Stride,
    int Padding,
    float Slope,
    LocationInfo? Location);

/// <summary>A type that encloses the model class, written back around the generated members.</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>Everything the planner needs from one [Model] class, as plain values.</summary>
internal sealed record ModelSpec(
    string? Namespace,
    string TypeName,
    EquatableArray<ContainingType> ContainingTypes,
    int Task,
    EquatableArray<int> InputShape,
    EquatableArray<LayerSpec> Layers,
    LocationInfo? ModelLocation,
    EquatableArray<string> LabelNames,
    LocationInfo? LabelsLocation);

/// <summary>The parse step's output: a spec to plan, or only the diagnostics that stopped it.</summary>
internal sealed record ParseResult(ModelSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
