using System;
using System.Collections.Generic;
using System.Threading;

namespace KernelConnector.Generators.CHeaders;

/// <summary>
/// One header, read on its own: its tokens, macros, includes and declarations. What it needs from
/// other headers (an included header's macro in an array size, a typedef) is looked up when a
/// struct is laid out (<see cref="CHeaderSet"/>), so a file is read once per text and never
/// depends on which other headers are present.
/// </summary>
internal sealed class CHeaderFile
{
    private readonly string[] _lines;
    private readonly Dictionary<string, List<CMacro>> _macros = new(StringComparer.Ordinal);

    private CHeaderFile(string path, string text)
    {
        Path = path;
        _lines = text.Split('\n');
    }

    /// <summary>The path the header was given by (an AdditionalFiles item's path).</summary>
    public string Path { get; }

    /// <summary>The file name, as diagnostics quote it.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    public List<CToken> Tokens { get; } = [];

    public List<CInclude> Includes { get; } = [];

    public Dictionary<string, CRecordSyntax> Records { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, CTypedefSyntax> Typedefs { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, CEnumSyntax> Enums { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, CEnumerator> Enumerators { get; } = new(StringComparer.Ordinal);

    /// <summary>Declarations the reader could not read, in header order.</summary>
    public List<CProblem> Problems { get; } = [];

    /// <summary>Every struct and union defined with a tag, in the order the header defines them.</summary>
    public List<CRecordSyntax> RecordsInOrder { get; } = [];

    /// <summary>Reads a header. Never throws for any text: what it cannot read becomes a <see cref="CProblem"/>.</summary>
    public static CHeaderFile Parse(string path, string text, CancellationToken cancellationToken = default)
    {
        var file = new CHeaderFile(path, text);
        new CPreprocessor(file).Run(text, cancellationToken);
        new CParser(new CTokenStream(file.Tokens, file.Macro), file).ParseFile(cancellationToken);
        return file;
    }

    /// <summary>The text of a 1-based line, trimmed; empty past the end.</summary>
    public string LineText(int line) => line >= 1 && line <= _lines.Length ? _lines[line - 1].Trim() : "";

    /// <summary>The macro <paramref name="name"/> as it stands before the token at <paramref name="position"/>.</summary>
    public CMacro? Macro(string name, int position)
    {
        if (!_macros.TryGetValue(name, out var definitions))
        {
            return null;
        }

        for (var i = definitions.Count - 1; i >= 0; i--)
        {
            var macro = definitions[i];
            if (macro.DefinedAt <= position)
            {
                return position < macro.UndefinedAt ? macro : null;
            }
        }

        return null;
    }

    /// <summary>The last definition of a macro in the header, wherever it is.</summary>
    public CMacro? LastMacro(string name) =>
        _macros.TryGetValue(name, out var definitions) && definitions[definitions.Count - 1] is { UndefinedAt: int.MaxValue } last ? last : null;

    public void Define(CMacro macro)
    {
        if (!_macros.TryGetValue(macro.Name, out var definitions))
        {
            _macros[macro.Name] = definitions = [];
        }

        definitions.Add(macro);
    }

    public void Undefine(string name, int at)
    {
        if (_macros.TryGetValue(name, out var definitions))
        {
            var last = definitions[definitions.Count - 1];
            if (last.UndefinedAt == int.MaxValue)
            {
                last.UndefinedAt = at;
            }
        }
    }

    public void AddRecord(CRecordSyntax record)
    {
        if (record.Tag is not { } tag)
        {
            return;
        }

        if (Records.TryGetValue(tag, out var earlier))
        {
            // Two definitions: only preprocessor branches make that valid C, and those are not evaluated.
            var problem = new CProblem(record.Line, $"{record.DisplayName} is defined twice (lines {earlier.Line} and {record.Line})");
            earlier.Problem ??= problem;
            record.Problem ??= problem;
            return;
        }

        Records[tag] = record;
        RecordsInOrder.Add(record);
    }

    public void AddTypedef(CTypedefSyntax typedef)
    {
        if (!Typedefs.ContainsKey(typedef.Name.Text))
        {
            Typedefs[typedef.Name.Text] = typedef;
        }
    }

    public void AddEnum(CEnumSyntax syntax)
    {
        if (syntax.Tag is { } tag && !Enums.ContainsKey(tag))
        {
            Enums[tag] = syntax;
        }
    }

    public void AddEnumerator(CEnumerator enumerator)
    {
        if (!Enumerators.ContainsKey(enumerator.Name.Text))
        {
            Enumerators[enumerator.Name.Text] = enumerator;
        }
    }
}
