using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelConnector.CodeFixes;

/// <summary>
/// A fix that declares a field as a C# keyword type (<c>byte</c>, <c>long</c>, ...): the type a
/// diagnostic names, for a field whose declared type means something else on the wire.
/// </summary>
public abstract class RetypeFieldCodeFix : SyntaxCodeFix<FieldDeclarationSyntax>
{
    private protected override string? Title(Diagnostic diagnostic) =>
        Keyword(diagnostic) is { } keyword ? "Use " + SyntaxFacts.GetText(keyword) : null;

    private protected override Task<Document> FixAsync(Document document, SyntaxNode root, FieldDeclarationSyntax field, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (Keyword(diagnostic) is not { } keyword)
        {
            return Task.FromResult(document);
        }

        var type = field.Declaration.Type;
        var replacement = SyntaxFactory.PredefinedType(SyntaxFactory.Token(keyword)).WithTriviaFrom(type);
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(type, replacement)));
    }

    /// <summary>The keyword of the type to declare, or null when the diagnostic offers none.</summary>
    private protected abstract SyntaxKind? Keyword(Diagnostic diagnostic);
}
