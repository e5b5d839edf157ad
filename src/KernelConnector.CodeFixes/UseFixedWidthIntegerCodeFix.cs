using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelConnector.CodeFixes;

/// <summary>
/// KC0026: declares a pointer, function pointer or pointer-sized integer field as the fixed-width
/// integer a 64-bit peer sends in its place (<c>long</c> for <c>nint</c>, else <c>ulong</c>), for
/// the field that carries a token or handle. Offered only where the field's own declaration has
/// that type; a pointer inside a nested struct is that struct's to change.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseFixedWidthIntegerCodeFix)), Shared]
public sealed class UseFixedWidthIntegerCodeFix : SyntaxCodeFix<FieldDeclarationSyntax>
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [Descriptors.AddressField.Id];

    private protected override string? Title(Diagnostic diagnostic) =>
        Keyword(diagnostic) is { } keyword ? "Use " + keyword : null;

    private protected override Task<Document> FixAsync(Document document, SyntaxNode root, FieldDeclarationSyntax field, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var type = field.Declaration.Type;
        var kind = Keyword(diagnostic) == "long" ? SyntaxKind.LongKeyword : SyntaxKind.ULongKeyword;
        var integer = SyntaxFactory.PredefinedType(SyntaxFactory.Token(kind)).WithTriviaFrom(type);
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(type, integer)));
    }

    private static string? Keyword(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(MessageLayoutAnalyzer.FixedWidthProperty, out var keyword) && keyword is "long" or "ulong" ? keyword : null;
}
