using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace ModelGen.Tests.Harness;

/// <summary>
/// Approved-file snapshots: the expected text lives in Snapshots/NAME. On a difference the new text is written
/// beside it as NAME.received.cs and the test fails; set MODELGEN_ACCEPT_SNAPSHOTS=1 to overwrite the approved file.
/// </summary>
internal static class Snapshot
{
    public static void Match(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
        string approvedPath = Path.Combine(directory, name);
        string receivedPath = Path.ChangeExtension(approvedPath, ".received.cs");
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("MODELGEN_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(approvedPath, actual);
            return;
        }

        string approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).Replace("\r\n", "\n", StringComparison.Ordinal) : "";
        if (approved == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail($"Generated source differs from the approved snapshot {approvedPath}; the new text is in {receivedPath}. " +
            "If the change is intended, rerun with MODELGEN_ACCEPT_SNAPSHOTS=1 and commit the snapshot.");
    }
}
