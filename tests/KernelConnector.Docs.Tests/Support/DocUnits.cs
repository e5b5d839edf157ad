using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KernelConnector.Tests.Shared;

namespace KernelConnector.Docs.Tests.Support;

/// <summary>
/// What the tests compile: each document's program (its whole-file blocks and fragments together,
/// with the headers any of them has) and each wrong or right block on its own with its headers,
/// named by file (and line).
/// </summary>
public static class DocUnits
{
    private static readonly Lazy<(Dictionary<string, IReadOnlyList<DocBlock>> Units, List<string> Errors)> All = new(Load);

    /// <summary>Problems with the blocks themselves (an unknown info string, an unclosed fence).</summary>
    public static IReadOnlyList<string> Errors => All.Value.Errors;

    /// <summary>Every unit's name: "README.md" for a document's program, "docs/diagnostics.md:123" for a lone block.</summary>
    public static IEnumerable<string> Names => All.Value.Units.Keys.Order(StringComparer.Ordinal);

    public static IReadOnlyList<DocBlock> Get(string name) => All.Value.Units[name];

    /// <summary>Two different headers at one path among a program's blocks: one project cannot list both.</summary>
    public static IEnumerable<string> HeaderClashes(string file, IReadOnlyList<DocBlock> program) =>
        program.SelectMany(b => b.Headers).Distinct().GroupBy(h => h.Path, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{file}: the document's program has two headers '{g.Key}' ({string.Join(", ", g.Select(h => h.Where))}); give them different paths");

    private static (Dictionary<string, IReadOnlyList<DocBlock>>, List<string>) Load()
    {
        var errors = new List<string>();
        var units = new Dictionary<string, IReadOnlyList<DocBlock>>(StringComparer.Ordinal);
        foreach (var file in MarkdownBlocks.Documents(RepositoryRoot.Path))
        {
            var blocks = MarkdownBlocks.Parse(file, File.ReadAllText(Path.Combine(RepositoryRoot.Path, file)), errors);
            var program = blocks.Where(b => b.Kind is DocBlockKind.File or DocBlockKind.Fragment).ToList();
            if (program.Count > 0)
            {
                units[file] = program;
                errors.AddRange(HeaderClashes(file, program));
            }

            foreach (var alone in blocks.Where(b => b.Kind is DocBlockKind.Wrong or DocBlockKind.Right))
            {
                units[alone.Where] = [alone];
            }
        }

        return (units, errors);
    }
}
