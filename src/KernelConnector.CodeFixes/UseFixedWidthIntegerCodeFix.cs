using System.Collections.Immutable;
using System.Composition;
using KernelConnector.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;

namespace KernelConnector.CodeFixes;

/// <summary>
/// KC0026: declares a pointer, function pointer or pointer-sized integer field as the fixed-width
/// integer a 64-bit peer sends in its place (<c>long</c> for <c>nint</c>, else <c>ulong</c>), for
/// the field that carries a token or handle. Offered only where the field's own declaration has
/// that type; a pointer inside a nested struct is that struct's to change.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseFixedWidthIntegerCodeFix)), Shared]
public sealed class UseFixedWidthIntegerCodeFix : RetypeFieldCodeFix
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [Descriptors.AddressField.Id];

    // The analyzer says which integer only where the field's own declaration can be retyped.
    private protected override SyntaxKind? Keyword(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(MessageLayoutAnalyzer.FixedWidthProperty, out var keyword) ? keyword switch
        {
            "long" => SyntaxKind.LongKeyword,
            "ulong" => SyntaxKind.ULongKeyword,
            _ => null,
        } : null;
}
