using Microsoft.CodeAnalysis;

namespace ModelGen.Generator.Diagnostics;

/// <summary>Every diagnostic ModelGen reports. Messages say what is wrong and what to change.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "ModelGen";
    private const string HelpLinkBase = "https://github.com/modelgen/modelgen/blob/main/README.md#diagnostics";

    public static readonly DiagnosticDescriptor ClassNotPartial = Error(
        "MG0001",
        "Model class must be partial",
        "The model class '{0}' must be declared 'partial' so ModelGen can add the generated members; add the 'partial' modifier");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
        "MG0002",
        "Containing type must be partial",
        "The model class '{0}' is nested in '{1}', which is not partial; declare '{1}' 'partial' or move the model out of it");

    public static readonly DiagnosticDescriptor NoLayers = Error(
        "MG0003",
        "Model has no layers",
        "The model '{0}' declares no layers; add layer attributes after [Model], for example [Flatten, Dense(10)]");

    public static readonly DiagnosticDescriptor InvalidInputShape = Error(
        "MG0004",
        "Input shape must be 1 or 3 positive numbers",
        "The input shape ({0}) is not valid: give one positive number for a feature vector, or three for an image (channels, height, width), for example [Model(1, 28, 28)]");

    public static readonly DiagnosticDescriptor ArgumentOutOfRange = Error(
        "MG0005",
        "Layer argument out of range",
        "{0}: {1} is {2}, but it must be {3}");

    public static readonly DiagnosticDescriptor SpatialDimensionTooSmall = Error(
        "MG0006",
        "Spatial dimension shrinks to zero",
        "{0} cannot be applied to an input of shape {1}: the output would be {2}; use a smaller kernel or stride, more padding, or a larger input");

    public static readonly DiagnosticDescriptor ImageLayerOnVector = Error(
        "MG0007",
        "Layer needs an image but the data is a vector",
        "{0} needs an image (channels x height x width), but its input is a vector of {1}; move it before Flatten, Dense or GlobalAvgPool2D, or declare an image input");

    public static readonly DiagnosticDescriptor DenseOnImage = Error(
        "MG0008",
        "Dense needs a vector",
        "{0} needs a vector, but its input is an image of shape {1}; insert Flatten or GlobalAvgPool2D before it");

    public static readonly DiagnosticDescriptor OutputWidthWrongForTask = Error(
        "MG0009",
        "Output width wrong for the task",
        "The last layer produces {0} outputs, but task {1} needs {2}; change the last layer to {3} or change the task");

    public static readonly DiagnosticDescriptor ActivationAfterLastLayer = Error(
        "MG0010",
        "Activation after the last layer",
        "{0} follows the last layer, but the {1} head applies {2} itself; remove {0}");

    public static readonly DiagnosticDescriptor UnknownAttribute = Warning(
        "MG0011",
        "Unknown attribute in the model's list",
        "'{0}' is not a ModelGen layer and is ignored; the layers are Conv2D, MaxPool2D, AvgPool2D, GlobalAvgPool2D, Flatten, Dense, ReLU, LeakyReLU, Sigmoid and Tanh");

    public static readonly DiagnosticDescriptor LayersOnSeveralDeclarations = Error(
        "MG0012",
        "Layers declared on several partial declarations",
        "The model '{0}' has layer attributes on more than one partial declaration, so their order is undefined; keep all layers on one declaration");

    public static readonly DiagnosticDescriptor ModelTooLarge = Error(
        "MG0013",
        "Model too large",
        "{0} makes the model too large: {1} is {2}, above the limit of {3}; use fewer filters or units, or a smaller input");

    public static readonly DiagnosticDescriptor OutputNotVector = Error(
        "MG0014",
        "Output is not a vector",
        "The model ends with an image of shape {0}; end it with Flatten (or GlobalAvgPool2D) and Dense(K)");

    public static readonly DiagnosticDescriptor GenericModel = Error(
        "MG0015",
        "Model class cannot be generic",
        "The model class '{0}' is generic; shapes must be known when the code is generated, so remove the type parameters");

    public static readonly DiagnosticDescriptor UnknownTask = Error(
        "MG0016",
        "Unknown task",
        "Task value {0} is not a ModelTask; use ModelTask.Binary, ModelTask.MultiLabel or ModelTask.MultiClass");

    public static readonly DiagnosticDescriptor LabelCountMismatch = Error(
        "MG0017",
        "Label names do not match the outputs",
        "[Labels] names {0} labels, but the model has {1} outputs; give exactly one name per output");

    public static readonly DiagnosticDescriptor UnknownInstructionSet = Warning(
        "MG0018",
        "Unknown instruction set",
        "ModelGenInstructionSets names '{0}', which is not an instruction set; use Avx512, Avx2, AdvSimd, x64, arm64, all or scalar");

    public static readonly DiagnosticDescriptor ModelNotInstanceClass = Error(
        "MG0019",
        "Model must be a non-static class",
        "The model '{0}' is {1}, but ModelGen adds instance members (parameters, Predict, constructors) to a class; declare it as a non-static 'partial class'");

    public static readonly DiagnosticDescriptor ScalarKernelForCodeSize = Warning(
        "MG0020",
        "Layer uses scalar kernels to keep the generated code small",
        "{0} uses scalar kernels for {1}: their unrolled SIMD versions would take about {2} lines of generated code, beyond the model's budget of {3}; the results are the same but slower, so use a smaller kernel, fewer channels or a narrower input to keep SIMD");

    public static readonly DiagnosticDescriptor InvalidUnrollBudget = Warning(
        "MG0021",
        "Invalid unroll budget",
        "ModelGenUnrollBudget is '{0}', which is not a whole number of lines (0 or more); the default of {1} is used");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "MG9999",
        "Internal generator error",
        "ModelGen failed while generating '{0}': {1}. This is a bug in ModelGen; please report it with the model declaration");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: $"{HelpLinkBase}");

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: $"{HelpLinkBase}");
}
