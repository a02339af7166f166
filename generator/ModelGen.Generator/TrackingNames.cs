namespace ModelGen.Generator;

/// <summary>The name of every pipeline step, so tests can check what each step did after an edit.</summary>
internal static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Options = nameof(Options);
    public const string Plan = nameof(Plan);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Source = nameof(Source);
}
