using System;
using System.IO;

namespace ModelGen.Serialization;

/// <summary>
/// Writes a file so that readers see either the old contents or the complete new ones: the data goes to a temporary
/// file in the same directory (a rename across file systems would copy), is flushed to disk, and then replaces the
/// target in one rename. Disposing without <see cref="Commit"/> deletes the temporary file and leaves the target alone.
/// </summary>
internal sealed class AtomicFileWriter : IDisposable
{
    private readonly string _path;
    private readonly string _temporaryPath;
    private readonly FileStream _file;
    private bool _done;

    /// <param name="path">The file to replace or create.</param>
    /// <param name="wrap">For tests: wraps the temporary file's stream, for example to fail after some bytes.</param>
    public AtomicFileWriter(string path, Func<Stream, Stream>? wrap = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(_path) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        _temporaryPath = Path.Combine(directory, $".{Path.GetFileName(_path)}.{Guid.NewGuid():N}.tmp");
        _file = new FileStream(_temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        try
        {
            Stream = wrap is null ? _file : wrap(_file);
        }
        catch
        {
            Abandon();
            throw;
        }
    }

    /// <summary>Where to write the new contents.</summary>
    public Stream Stream { get; } = Stream.Null;

    /// <summary>Flushes the new contents to disk and puts them in place of the target.</summary>
    public void Commit()
    {
        Stream.Flush();
        _file.Flush(flushToDisk: true);
        Stream.Dispose();
        _file.Dispose();
        File.Move(_temporaryPath, _path, overwrite: true);
        _done = true;
    }

    /// <summary>Deletes the temporary file unless <see cref="Commit"/> has put it in place.</summary>
    public void Dispose()
    {
        if (!_done)
        {
            Abandon();
        }
    }

    private void Abandon()
    {
        _done = true;
        try
        {
            Stream.Dispose();
        }
        finally
        {
            _file.Dispose();
            File.Delete(_temporaryPath);
        }
    }
}
