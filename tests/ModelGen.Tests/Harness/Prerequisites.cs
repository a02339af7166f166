using System;
using System.IO;
using Xunit;

namespace ModelGen.Tests.Harness;

/// <summary>Tests that need a tool or data set skip without it on a developer's machine, and fail without it in CI.</summary>
internal static class Prerequisites
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Require(bool present, string what)
    {
        if (present)
        {
            return;
        }

        string message = $"{what} is missing; .ci/run installs it.";
        if (InCi)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
    }

    /// <summary>The repository root: the directory above the tests that holds ModelGen.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ModelGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ModelGen.sln not found above " + AppContext.BaseDirectory);
    }
}
