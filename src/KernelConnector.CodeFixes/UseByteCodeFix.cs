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

/// <summary>KC0006, KC0007: declares a char or bool field as byte, the type C means.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseByteCodeFix)), Shared]
public sealed class UseByteCodeFix : SyntaxCodeFix<FieldDeclarationSyntax>
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [Descriptors.CharField.Id, Descriptors.BoolField.Id];

    private protected override string Title(Diagnostic diagnostic) => "Use byte";

    private protected override Task<Document> FixAsync(Document document, SyntaxNode root, FieldDeclarationSyntax field, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var type = field.Declaration.Type;
        var byteType = SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.ByteKeyword)).WithTriviaFrom(type);
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(type, byteType)));
    }
}
