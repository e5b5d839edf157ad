using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelConnector.CodeFixes;

/// <summary>KC0003, KC0004, KC0022: makes the message struct or handler class, and every type around it, partial.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
public sealed class MakePartialCodeFix : SyntaxCodeFix<TypeDeclarationSyntax>
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [Descriptors.NotPartial.Id, Descriptors.ContainingTypeNotPartial.Id, Descriptors.HandlerNotPartial.Id];

    private protected override string Title(Diagnostic diagnostic) =>
        diagnostic.Id == Descriptors.HandlerNotPartial.Id ? "Make the class and its containing types partial" : "Make the struct and its containing types partial";

    private protected override Task<Document> FixAsync(Document document, SyntaxNode root, TypeDeclarationSyntax declaration, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var targets = declaration.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword)).ToArray();
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNodes(targets, (original, rewritten) => AddPartial(rewritten))));
    }

    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax declaration)
    {
        // "partial" goes last among the modifiers, right before the keyword.
        var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (declaration.Modifiers.Count == 0)
        {
            var keyword = declaration.Keyword;
            return declaration
                .WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.TriviaList()))
                .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
        }

        return declaration.WithModifiers(declaration.Modifiers.Add(partial));
    }
}
