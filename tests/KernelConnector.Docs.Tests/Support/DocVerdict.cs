using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace KernelConnector.Docs.Tests.Support;

/// <summary>Whether a unit's diagnostics are what its blocks claim (docs/testing.md, "Documentation examples").</summary>
public static class DocVerdict
{
    /// <summary>The header-parity rules that say a <c>[CStruct]</c> struct was not compared: header not found, struct not found, header not read.</summary>
    private static readonly string[] NothingCompared = ["KC0030", "KC0031", "KC0032"];

    /// <summary>Null when the unit is as documented; otherwise what is wrong, with the Markdown lines.</summary>
    public static string? Failure(string unit, IReadOnlyList<DocBlock> blocks, ImmutableArray<Diagnostic> diagnostics)
    {
        var block = blocks[0];
        switch (block.Kind)
        {
            case DocBlockKind.Wrong:
                if (!diagnostics.Any(d => d.Id == block.Rule))
                {
                    return $"{block.Where}: the wrong example does not report {block.Rule}; it reports:\n{DocCompilation.Format(diagnostics)}";
                }

                var errors = diagnostics.Where(d => d.Id.StartsWith("CS", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error).ToList();
                return errors.Count == 0 ? null : $"{block.Where}: the wrong example does not compile, for another reason than {block.Rule}:\n{DocCompilation.Format(errors)}";
            case DocBlockKind.Right:
                // A [CStruct] example whose header was not found or not read compared nothing: no proof that it is right.
                var wrong = diagnostics.Where(d => d.Id == block.Rule || d.Severity == DiagnosticSeverity.Error || NothingCompared.Contains(d.Id)).ToList();
                return wrong.Count == 0 ? null : $"{block.Where}: the right example reports:\n{DocCompilation.Format(wrong)}";
            default:
                // A document's program: as a user's project with warnings as errors.
                return diagnostics.Length == 0 ? null : $"{unit} does not compile as written:\n{DocCompilation.Format(diagnostics)}";
        }
    }
}
