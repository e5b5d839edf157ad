using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace KernelConnector.CodeFixes;

/// <summary>
/// A fix that rewrites the nearest <typeparamref name="TNode"/> around a diagnostic: finding the
/// node and registering one action per diagnostic is the same for every such fix.
/// </summary>
public abstract class SyntaxCodeFix<TNode> : CodeFixProvider
    where TNode : SyntaxNode
{
    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<TNode>().FirstOrDefault() is not { } node)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Title(diagnostic) is { } title)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => FixAsync(context.Document, root, node, diagnostic, ct), GetType().Name),
                    diagnostic);
            }
        }
    }

    /// <summary>The action's title, or null when the diagnostic lacks what the fix needs.</summary>
    private protected abstract string? Title(Diagnostic diagnostic);

    private protected abstract Task<Document> FixAsync(Document document, SyntaxNode root, TNode node, Diagnostic diagnostic, CancellationToken cancellationToken);
}
