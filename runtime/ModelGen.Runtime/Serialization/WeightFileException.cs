using System;
using System.IO;

namespace ModelGen.Serialization;

/// <summary>What is wrong with a weight file that <see cref="WeightFile"/> refused to read.</summary>
public enum WeightFileProblem
{
    /// <summary>The data does not start with the weight-file magic bytes: it is some other kind of file.</summary>
    NotAWeightFile,

    /// <summary>The data ends before the length its header declares: an incomplete copy or an interrupted write.</summary>
    Truncated,

    /// <summary>The checksum does not match the contents: some bytes changed after the file was written.</summary>
    Corrupted,

    /// <summary>The file was written in a newer format version than this ModelGen reads.</summary>
    NewerVersion,

    /// <summary>The file holds weights for another architecture (another signature or parameter count).</summary>
    OtherArchitecture,

    /// <summary>The checksum matches but the contents break the format's rules: the file was not written by ModelGen.</summary>
    Malformed,
}

/// <summary>
/// A weight file that cannot be used. <see cref="Problem"/> says why and the message says it in words. It is an
/// <see cref="IOException"/>, so code that handles a failed file operation handles this too.
/// </summary>
public sealed class WeightFileException : IOException
{
    /// <summary>Creates the exception for <paramref name="problem"/>, described by <paramref name="message"/>.</summary>
    public WeightFileException(WeightFileProblem problem, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Problem = problem;
    }

    /// <summary>What is wrong with the file.</summary>
    public WeightFileProblem Problem { get; }
}
