using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KernelConnector.Testing;

namespace KernelConnector.Docs.Tests.Support;

/// <summary>
/// What the tests compile: each document's program (its whole-file blocks and fragments together)
/// and each wrong or right block on its own, named by file (and line).
/// </summary>
public static class DocUnits
{
    private static readonly Lazy<(Dictionary<string, IReadOnlyList<DocBlock>> Units, List<string> Errors)> All = new(Load);

    /// <summary>Problems with the blocks themselves (an unknown info string, an unclosed fence).</summary>
    public static IReadOnlyList<string> Errors => All.Value.Errors;

    /// <summary>Every unit's name: "README.md" for a document's program, "docs/diagnostics.md:123" for a lone block.</summary>
    public static IEnumerable<string> Names => All.Value.Units.Keys.Order(StringComparer.Ordinal);

    public static IReadOnlyList<DocBlock> Get(string name) => All.Value.Units[name];

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
            }

            foreach (var alone in blocks.Where(b => b.Kind is DocBlockKind.Wrong or DocBlockKind.Right))
            {
                units[alone.Where] = [alone];
            }
        }

        return (units, errors);
    }
}
