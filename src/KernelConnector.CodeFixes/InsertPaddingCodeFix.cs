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

/// <summary>KC0008: declares the padding the layout inserts as explicit fields, so the bytes on the wire are visible.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsertPaddingCodeFix)), Shared]
public sealed class InsertPaddingCodeFix : SyntaxCodeFix<FieldDeclarationSyntax>
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [Descriptors.ImplicitPadding.Id];

    private protected override string? Title(Diagnostic diagnostic) =>
        PaddingDeclarations.Read(diagnostic, "Bytes") is { } bytes && PaddingDeclarations.Read(diagnostic, "Offset") is not null ? $"Declare the {bytes} padding byte(s)" : null;

    private protected override async Task<Document> FixAsync(Document document, SyntaxNode root, FieldDeclarationSyntax field, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var padding = PaddingDeclarations.Create(PaddingDeclarations.Read(diagnostic, "Offset")!.Value, PaddingDeclarations.Read(diagnostic, "Bytes")!.Value);
        var updated = root.InsertNodesAfter(field, padding);
        return await Formatter.FormatAsync(document.WithSyntaxRoot(updated), Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
