using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelConnector.CodeFixes;

/// <summary>KC0006, KC0007: declares a char or bool field as byte, the type C means.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseByteCodeFix)), Shared]
public sealed class UseByteCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["KC0006", "KC0007"];

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<FieldDeclarationSyntax>().FirstOrDefault() is not { } field)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create("Use byte", _ =>
                {
                    var type = field.Declaration.Type;
                    var byteType = SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.ByteKeyword)).WithTriviaFrom(type);
                    return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(type, byteType)));
                }, nameof(UseByteCodeFix)),
                diagnostic);
        }
    }
}
