using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator.Diagnostics;

namespace ModelGen.Generator.Parsing;

/// <summary>Reads a [Model] class and its layer attributes, in source order, into a <see cref="ModelSpec"/>.</summary>
internal static class ModelParser
{
    public const string ModelAttributeName = "ModelGen.ModelAttribute";
    public const string LabelsAttributeName = "ModelGen.LabelsAttribute";

    // Records are candidates too, so that [Model] on one is answered with a diagnostic instead of silence.
    public static bool IsCandidate(SyntaxNode node, CancellationToken _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax;

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var declaration = (TypeDeclarationSyntax)context.TargetNode;
        try
        {
            return Parse(type, declaration, context.Attributes[0], cancellationToken);
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            var error = DiagnosticInfo.Create(
                DiagnosticDescriptors.InternalError, LocationInfo.From(declaration.Identifier.GetLocation()), type.Name, exception.Message);
            return new ParseResult(null, new[] { error }.ToEquatableArray());
        }
    }

    private static ParseResult Parse(
        INamedTypeSymbol type, TypeDeclarationSyntax declaration, AttributeData modelAttribute, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        LocationInfo? classLocation = LocationInfo.From(declaration.Identifier.GetLocation());

        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNotPartial, classLocation, type.Name));
        }

        if (declaration is RecordDeclarationSyntax || type.IsStatic)
        {
            string kind = declaration is RecordDeclarationSyntax ? "a record" : "static";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelNotInstanceClass, classLocation, type.Name, kind));
        }

        if (type.IsGenericType)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericModel, classLocation, type.Name));
        }

        var containingTypes = new List<ContainingType>();
        for (SyntaxNode? parent = declaration.Parent; parent is TypeDeclarationSyntax outer; parent = outer.Parent)
        {
            if (!outer.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ContainingTypeNotPartial, classLocation, type.Name, outer.Identifier.Text));
            }

            containingTypes.Insert(0, new ContainingType(KeywordOf(outer), outer.Identifier.Text + outer.TypeParameterList));
        }

        if (diagnostics.Count > 0)
        {
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        // [Model] twice (on one declaration or on two partial ones): the compiler reports CS0579, and generating once
        // per declaration would add the same file twice.
        if (modelAttribute.AttributeConstructor is null || type.GetAttributes().Count(a => a.AttributeClass?.ToDisplayString() == ModelAttributeName) > 1)
        {
            // The compiler already reports why [Model(...)] does not bind; adding our own errors would only add noise.
            return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        var layers = ReadLayers(type, diagnostics, out bool bindingFailed, cancellationToken);
        if (bindingFailed)
        {
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        AttributeData? labels = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == LabelsAttributeName);
        var spec = new ModelSpec(
            type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
            type.Name,
            containingTypes.ToEquatableArray(),
            ReadTask(modelAttribute),
            ReadInputShape(modelAttribute).ToEquatableArray(),
            layers.ToEquatableArray(),
            LocationInfo.From(modelAttribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken)),
            ReadLabels(labels).ToEquatableArray(),
            LocationInfo.From(labels?.ApplicationSyntaxReference?.GetSyntax(cancellationToken)));
        return new ParseResult(spec, diagnostics.ToEquatableArray());
    }

    private static List<LayerSpec> ReadLayers(
        INamedTypeSymbol type, List<DiagnosticInfo> diagnostics, out bool bindingFailed, CancellationToken cancellationToken)
    {
        bindingFailed = false;
        var found = new List<(AttributeSyntax Syntax, AttributeData Data, LayerKind? Kind)>();
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
            {
                continue;
            }

            string? name = attribute.AttributeClass?.ToDisplayString();
            if (name is ModelAttributeName or LabelsAttributeName)
            {
                continue;
            }

            found.Add((syntax, attribute, name is null ? null : LayerKinds.FromAttributeName(name)));
        }

        // Source order: attribute lists, then attributes within a list. Layers must come from one declaration.
        found.Sort((a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));
        var layerDeclarations = found.Where(f => f.Kind is not null).Select(f => f.Syntax.Parent?.Parent).Distinct().ToList();
        if (layerDeclarations.Count > 1)
        {
            var stray = found.First(f => f.Kind is not null && f.Syntax.Parent?.Parent == layerDeclarations[1]);
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.LayersOnSeveralDeclarations, LocationInfo.From(stray.Syntax), type.Name));
            bindingFailed = true;
            return new List<LayerSpec>();
        }

        var layers = new List<LayerSpec>();
        foreach (var (syntax, data, kind) in found)
        {
            if (kind is null)
            {
                bool sharesListWithLayer = syntax.Parent is AttributeListSyntax list &&
                    found.Any(f => f.Kind is not null && f.Syntax.Parent == list);
                if (sharesListWithLayer || data.AttributeClass is null or IErrorTypeSymbol)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnknownAttribute, LocationInfo.From(syntax), syntax.Name.ToString()));
                }

                continue;
            }

            if (data.AttributeConstructor is null)
            {
                bindingFailed = true;
                continue;
            }

            layers.Add(ReadLayer(kind.Value, syntax, data));
        }

        return layers;
    }

    private static LayerSpec ReadLayer(LayerKind kind, AttributeSyntax syntax, AttributeData data)
    {
        var arguments = data.ConstructorArguments;
        int Positional(int index) => index < arguments.Length && arguments[index].Value is int value ? value : 0;
        int Named(string name, int fallback) =>
            data.NamedArguments.FirstOrDefault(n => n.Key == name).Value.Value is int value ? value : fallback;

        string declaration = Regex.Replace(syntax.ToString(), @"\s+", " ");
        LocationInfo? location = LocationInfo.From(syntax);
        return kind switch
        {
            LayerKind.Conv2D => new LayerSpec(
                kind, declaration, Positional(0), Positional(1), Named("Stride", 1), Named("Padding", 0), 0f, location),
            LayerKind.MaxPool2D or LayerKind.AvgPool2D => new LayerSpec(
                kind, declaration, 0, Positional(0), Named("Stride", 0), 0, 0f, location),
            LayerKind.Dense => new LayerSpec(kind, declaration, Positional(0), 0, 0, 0, 0f, location),
            LayerKind.LeakyReLU => new LayerSpec(
                kind, declaration, 0, 0, 0, 0, arguments.Length > 0 && arguments[0].Value is float slope ? slope : 0.01f, location),
            _ => new LayerSpec(kind, declaration, 0, 0, 0, 0, 0f, location),
        };
    }

    private static IEnumerable<string> ReadLabels(AttributeData? labels)
    {
        if (labels is null || labels.ConstructorArguments.Length == 0 || labels.ConstructorArguments[0].IsNull)
        {
            return Enumerable.Empty<string>();
        }

        TypedConstant names = labels.ConstructorArguments[0];
        return names.Kind == TypedConstantKind.Array
            ? names.Values.Select(v => v.Value as string ?? string.Empty)
            : new[] { names.Value as string ?? string.Empty };
    }

    private static int ReadTask(AttributeData modelAttribute)
    {
        var task = modelAttribute.NamedArguments.FirstOrDefault(n => n.Key == "Task").Value;
        return task.Value is int value ? value : 0;
    }

    private static IEnumerable<int> ReadInputShape(AttributeData modelAttribute)
    {
        if (modelAttribute.ConstructorArguments.Length == 0 || modelAttribute.ConstructorArguments[0].IsNull)
        {
            return Enumerable.Empty<int>();
        }

        TypedConstant shape = modelAttribute.ConstructorArguments[0];
        return shape.Kind == TypedConstantKind.Array
            ? shape.Values.Select(v => v.Value is int value ? value : 0)
            : new[] { shape.Value is int single ? single : 0 };
    }

    private static string KeywordOf(TypeDeclarationSyntax type) => type switch
    {
        RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
        StructDeclarationSyntax => "struct",
        InterfaceDeclarationSyntax => "interface",
        _ => "class",
    };
}
