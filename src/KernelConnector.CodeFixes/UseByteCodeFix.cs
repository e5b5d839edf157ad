using System.Collections.Immutable;
using System.Composition;
using KernelConnector.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;

namespace KernelConnector.CodeFixes;

/// <summary>KC0006, KC0007: declares a char or bool field as byte, the type C means.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseByteCodeFix)), Shared]
public sealed class UseByteCodeFix : RetypeFieldCodeFix
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [Descriptors.CharField.Id, Descriptors.BoolField.Id];

    private protected override SyntaxKind? Keyword(Diagnostic diagnostic) => SyntaxKind.ByteKeyword;
}
