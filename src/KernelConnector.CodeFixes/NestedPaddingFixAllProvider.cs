using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace KernelConnector.CodeFixes;

/// <summary>
/// Fixes every KC0021 of a document, project or solution at once. The batch fixer cannot: it
/// merges changes to the documents the diagnostics are in, while this padding goes into the nested
/// struct's document, and two diagnostics about one struct ask for the same fields.
/// </summary>
internal sealed class NestedPaddingFixAllProvider : FixAllProvider
{
    public static readonly NestedPaddingFixAllProvider Instance = new();

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => [FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution];

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var diagnostics = new List<Diagnostic>();
        switch (fixAllContext.Scope)
        {
            case FixAllScope.Solution:
                foreach (var project in fixAllContext.Solution.Projects)
                {
                    diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                }

                break;
            case FixAllScope.Project:
                diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project).ConfigureAwait(false));
                break;
            default:
                if (fixAllContext.Document is { } document)
                {
                    diagnostics.AddRange(await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false));
                }

                break;
        }

        var insertions = diagnostics.Select(NestedPaddingInsertion.From).OfType<NestedPaddingInsertion>().ToImmutableArray();
        return insertions.IsEmpty
            ? null
            : CodeAction.Create(
                "Declare the padding in the nested structs",
                ct => InsertNestedPaddingCodeFix.ApplyAsync(fixAllContext.Solution, insertions, ct),
                fixAllContext.CodeActionEquivalenceKey);
    }
}
