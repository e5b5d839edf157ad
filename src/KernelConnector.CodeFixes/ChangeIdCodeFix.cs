using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelConnector.CodeFixes;

/// <summary>KC0001: moves the message to the next connector id under its idx that nothing in the compilation uses.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ChangeIdCodeFix)), Shared]
public sealed class ChangeIdCodeFix : CodeFixProvider
{
    private const string AttributeName = "KernelConnector.ConnectorMessageAttribute";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["KC0001"];

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault() is not { } declaration
            || model?.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } type
            || Attribute(type) is not { ApplicationSyntaxReference: { } reference } data
            || data.ConstructorArguments.Length != 2
            || data.ConstructorArguments[0].Value is not uint idx
            || data.ConstructorArguments[1].Value is not uint val
            || await reference.GetSyntaxAsync(context.CancellationToken).ConfigureAwait(false) is not AttributeSyntax { ArgumentList.Arguments.Count: >= 2 } syntax)
        {
            return;
        }

        var used = UsedIds(model.Compilation);
        var next = val;
        do
        {
            next++;
        }
        while (used.Contains((idx, next)) && next != uint.MaxValue);

        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create($"Use the free id {{{idx}, {next}}}", _ =>
                {
                    var argument = syntax.ArgumentList!.Arguments[1];
                    var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(next.ToString(CultureInfo.InvariantCulture), next));
                    return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(argument.Expression, literal.WithTriviaFrom(argument.Expression))));
                }, nameof(ChangeIdCodeFix) + next.ToString(CultureInfo.InvariantCulture)),
                diagnostic);
        }
    }

    private static AttributeData? Attribute(ISymbol type) =>
        type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeName);

    private static HashSet<(uint, uint)> UsedIds(Compilation compilation)
    {
        var used = new HashSet<(uint, uint)>();
        foreach (var symbol in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type))
        {
            if (Attribute(symbol) is { ConstructorArguments.Length: 2 } data && data.ConstructorArguments[0].Value is uint i && data.ConstructorArguments[1].Value is uint v)
            {
                used.Add((i, v));
            }
        }

        // The kernel's ids and the runtime's own messages are taken too.
        for (uint i = 1; i <= 10; i++)
        {
            used.Add((i, 1));
        }

        return used;
    }
}
