using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace KernelConnector.CodeFixes;

/// <summary>
/// Fixes every KC0027 of a document at once. The batch fixer cannot: two fields of one declaration
/// (<c>public Marker A, B;</c>) are removed by overlapping edits, and it would drop one of them.
/// </summary>
internal sealed class RemoveFieldsFixAllProvider : DocumentBasedFixAllProvider
{
    public static readonly RemoveFieldsFixAllProvider Instance = new();

    protected override string GetFixAllTitle(FixAllContext fixAllContext) => "Remove the fields";

    protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var declarators = diagnostics.Where(FieldRemoval.IsRemovable).Select(d => FieldRemoval.Declarator(root, d)).OfType<Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax>();
        return document.WithSyntaxRoot(FieldRemoval.Remove(root, declarators));
    }
}
