namespace ModelGen.Generator.Parsing;

internal enum LayerKind
{
    Conv2D,
    MaxPool2D,
    AvgPool2D,
    GlobalAvgPool2D,
    Flatten,
    Dense,
    ReLU,
    LeakyReLU,
    Sigmoid,
    Tanh,
}

internal static class LayerKinds
{
    public static bool IsActivation(this LayerKind kind) =>
        kind is LayerKind.ReLU or LayerKind.LeakyReLU or LayerKind.Sigmoid or LayerKind.Tanh;

    public static bool HasParameters(this LayerKind kind) => kind is LayerKind.Conv2D or LayerKind.Dense;

    public static LayerKind? FromAttributeName(string fullName) => fullName switch
    {
        "ModelGen.Conv2DAttribute" => LayerKind.Conv2D,
        "ModelGen.MaxPool2DAttribute" => LayerKind.MaxPool2D,
        "ModelGen.AvgPool2DAttribute" => LayerKind.AvgPool2D,
        "ModelGen.GlobalAvgPool2DAttribute" => LayerKind.GlobalAvgPool2D,
        "ModelGen.FlattenAttribute" => LayerKind.Flatten,
        "ModelGen.DenseAttribute" => LayerKind.Dense,
        "ModelGen.ReLUAttribute" => LayerKind.ReLU,
        "ModelGen.LeakyReLUAttribute" => LayerKind.LeakyReLU,
        "ModelGen.SigmoidAttribute" => LayerKind.Sigmoid,
        "ModelGen.TanhAttribute" => LayerKind.Tanh,
        _ => null,
    };
}
