using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace KernelConnector.CodeFixes;

/// <summary>KC0010: states the sequential layout with <c>[StructLayout(LayoutKind.Sequential)]</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddStructLayoutCodeFix)), Shared]
public sealed class AddStructLayoutCodeFix : CodeFixProvider
{
    private const string InteropNamespace = "System.Runtime.InteropServices";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["KC0010"];

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault() is not { } declaration)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create("Add [StructLayout(LayoutKind.Sequential)]", ct => Fix(context.Document, declaration, ct), nameof(AddStructLayoutCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> Fix(Document document, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var root = (CompilationUnitSyntax)(await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(
                SyntaxFactory.IdentifierName("StructLayout"),
                SyntaxFactory.ParseAttributeArgumentList("(LayoutKind.Sequential)"))))
            .WithTrailingTrivia(SyntaxFactory.ElasticLineFeed);

        // A declaration's comments and indentation stay in front of its first attribute.
        var updated = declaration.AttributeLists.Count > 0
            ? declaration.AddAttributeLists(list)
            : declaration.WithoutLeadingTrivia().AddAttributeLists(list.WithLeadingTrivia(declaration.GetLeadingTrivia()));
        root = root.ReplaceNode(declaration, updated.WithAdditionalAnnotations(Formatter.Annotation));
        if (!root.Usings.Any(u => u.Name?.ToString() == InteropNamespace))
        {
            root = root.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(InteropNamespace)).WithAdditionalAnnotations(Formatter.Annotation));
        }

        return await Formatter.FormatAsync(document.WithSyntaxRoot(root), Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
