using System;
using System.Collections.Generic;
using System.Text;

namespace ModelGen.Generator.Emitting;

/// <summary>Writes C# text with indentation; braces open and close blocks.</summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _builder = new();
    private readonly List<(string Signature, Action Body)> _sharedMethods = [];
    private readonly HashSet<string> _sharedSignatures = [];
    private int _indent;

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            for (int i = 0; i < _indent; i++)
            {
                _builder.Append(IndentUnit);
            }

            _builder.Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    public SourceWriter Lines(string text)
    {
        foreach (string line in text.Split('\n'))
        {
            Line(line.TrimEnd('\r'));
        }

        return this;
    }

    public IDisposable Block(string header)
    {
        Line(header);
        return Block();
    }

    public IDisposable Block()
    {
        Line("{");
        _indent++;
        return new Closer(this);
    }

    /// <summary>
    /// Queues a method that kernels of several paths call, once however many of them ask for it: the signature names
    /// everything its body depends on. <see cref="TakeSharedMethods"/> hands the queue over, to be written after the
    /// member being written now.
    /// </summary>
    public void SharedMethod(string signature, Action body)
    {
        if (_sharedSignatures.Add(signature))
        {
            _sharedMethods.Add((signature, body));
        }
    }

    public IReadOnlyList<(string Signature, Action Body)> TakeSharedMethods()
    {
        var methods = _sharedMethods.ToArray();
        _sharedMethods.Clear();
        return methods;
    }

    public override string ToString() => _builder.ToString();

    private sealed class Closer(SourceWriter writer) : IDisposable
    {
        public void Dispose()
        {
            writer._indent--;
            writer.Line("}");
        }
    }
}
