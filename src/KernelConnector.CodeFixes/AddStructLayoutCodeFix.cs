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
using Microsoft.CodeAnalysis.Formatting;

namespace KernelConnector.CodeFixes;

/// <summary>KC0010: states the sequential layout with <c>[StructLayout(LayoutKind.Sequential)]</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddStructLayoutCodeFix)), Shared]
public sealed class AddStructLayoutCodeFix : SyntaxCodeFix<TypeDeclarationSyntax>
{
    private const string InteropNamespace = "System.Runtime.InteropServices";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [Descriptors.MissingStructLayout.Id];

    private protected override string Title(Diagnostic diagnostic) => "Add [StructLayout(LayoutKind.Sequential)]";

    private protected override async Task<Document> FixAsync(Document document, SyntaxNode syntaxRoot, TypeDeclarationSyntax declaration, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = (CompilationUnitSyntax)syntaxRoot;
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
