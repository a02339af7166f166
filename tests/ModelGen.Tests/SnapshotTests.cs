using System.Linq;
using ModelGen.Tests.Harness;
using Xunit;

namespace ModelGen.Tests;

/// <summary>The generated source for a few models, against approved files in Snapshots/.</summary>
public sealed class SnapshotTests
{
    [Theory]
    [InlineData("FashionNet", """
        [Model(1, 28, 28, Task = ModelTask.MultiClass)]
        [Conv2D(8, 3, Padding = 1), ReLU, MaxPool2D(2)]
        [Conv2D(16, 3, Padding = 1), ReLU, MaxPool2D(2)]
        [Flatten, Dense(64), ReLU, Dense(10)]
        public partial class FashionNet { }
        """)]
    [InlineData("NoduleNet", """
        public static partial class Scans
        {
            [Model(1, 32, 32, Task = ModelTask.Binary)]
            [Conv2D(4, 5, Stride = 2, Padding = 2), LeakyReLU(0.1f), AvgPool2D(2)]
            [Conv2D(8, 3), Tanh, GlobalAvgPool2D, Dense(1)]
            public partial class NoduleNet { }
        }
        """)]
    [InlineData("FindingsMlp", """
        [Model(12, Task = ModelTask.MultiLabel)]
        [Dense(16), Sigmoid, Dense(6)]
        internal partial class FindingsMlp { }
        """)]
    public void Generated_source_matches_the_approved_snapshot(string name, string declaration)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run($"using ModelGen;\nnamespace Snapshots;\n{declaration}");

        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilerErrors);
        var (hintName, text) = Assert.Single(outcome.GeneratedSources);
        Assert.EndsWith($"{name}.g.cs", hintName, System.StringComparison.Ordinal);
        Snapshot.Match(hintName, text);
    }
}
