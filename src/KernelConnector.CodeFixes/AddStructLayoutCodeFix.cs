using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace KernelConnector.CodeFixes;

/// <summary>KC0010: states the sequential layout with <c>[StructLayout(LayoutKind.Sequential)]</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddStructLayoutCodeFix)), Shared]
public sealed class AddStructLayoutCodeFix : SyntaxCodeFix<TypeDeclarationSyntax>
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [Descriptors.MissingStructLayout.Id];

    private protected override string Title(Diagnostic diagnostic) => "Add [StructLayout(LayoutKind.Sequential)]";

    private protected override async Task<Document> FixAsync(Document document, SyntaxNode syntaxRoot, TypeDeclarationSyntax declaration, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = StructLayoutDeclarations.AddUsing(((CompilationUnitSyntax)syntaxRoot).ReplaceNode(declaration, StructLayoutDeclarations.AddSequential(declaration)));
        return await Formatter.FormatAsync(document.WithSyntaxRoot(root), Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
