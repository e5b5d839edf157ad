using System;
using System.Collections.Generic;
using System.Linq;

namespace KernelConnector.Docs.Tests.Support;

/// <summary>
/// The <c>```c header</c> blocks of the section being read: each serves the C# blocks after it
/// until the next heading, and a later header of the same path takes its place. A header that no
/// C# block gets is an error, so that a header cannot sit in a document unchecked.
/// </summary>
internal sealed class SectionHeaders(string file, List<string> errors)
{
    private readonly Dictionary<string, DocHeader> _current = new(StringComparer.Ordinal);
    private readonly HashSet<DocHeader> _used = [];

    /// <summary>What the next C# block compiles with.</summary>
    public IReadOnlyList<DocHeader> Take()
    {
        _used.UnionWith(_current.Values);
        return [.. _current.Values.OrderBy(h => h.Line)];
    }

    public void Add(DocHeader header)
    {
        if (_current.TryGetValue(header.Path, out var replaced))
        {
            ReportIfUnused(replaced);
        }

        _current[header.Path] = header;
    }

    /// <summary>A heading ends the section: its headers serve no block after it.</summary>
    public void EndSection()
    {
        foreach (var header in _current.Values.OrderBy(h => h.Line))
        {
            ReportIfUnused(header);
        }

        _current.Clear();
    }

    private void ReportIfUnused(DocHeader header)
    {
        if (!_used.Contains(header))
        {
            errors.Add($"{file}:{header.Line - 1}: no ```csharp block follows the header '{header.Path}' in its section, so nothing is compared with it (see docs/testing.md)");
        }
    }
}
