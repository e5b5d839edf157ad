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
    /// <remarks>
    /// Fixing all at once keeps the first declaration of each id and gives every later one its own
    /// free id; fixing them one by one would give them all the same "next" id.
    /// </remarks>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || Target(root, model, context.Span.Start, context.CancellationToken) is not var (idx, val, expression))
        {
            return;
        }

        var next = NextFree(UsedIds(model.Compilation), idx, val);
        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use the free id {{{idx}, {next}}}",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(expression, NumberLiteral(next).WithTriviaFrom(expression)))),
                    nameof(ChangeIdCodeFix) + next.ToString(CultureInfo.InvariantCulture)),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var used = UsedIds(model.Compilation);
        var kept = new HashSet<(uint, uint)>();
        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (Target(root, model, diagnostic.Location.SourceSpan.Start, context.CancellationToken) is not { } target)
            {
                continue;
            }

            var (idx, val, expression) = target;
            if (kept.Add((idx, val)))
            {
                continue;
            }

            var next = NextFree(used, idx, val);
            used.Add((idx, next));
            replacements[expression] = NumberLiteral(next).WithTriviaFrom(expression);
        }

        return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
    }

    private static (uint Idx, uint Val, ExpressionSyntax Expression)? Target(SyntaxNode root, SemanticModel model, int position, CancellationToken cancellationToken)
    {
        if (root.FindToken(position).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault() is not { } declaration
            || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } type
            || Attribute(type) is not { ApplicationSyntaxReference: { } reference } data
            || data.ConstructorArguments.Length != 2
            || data.ConstructorArguments[0].Value is not uint idx
            || data.ConstructorArguments[1].Value is not uint val
            || reference.GetSyntax(cancellationToken) is not AttributeSyntax { ArgumentList.Arguments.Count: >= 2 } syntax)
        {
            return null;
        }

        return (idx, val, syntax.ArgumentList.Arguments[1].Expression);
    }

    private static uint NextFree(HashSet<(uint, uint)> used, uint idx, uint val)
    {
        var next = val;
        do
        {
            next++;
        }
        while (used.Contains((idx, next)) && next != uint.MaxValue);
        return next;
    }

    // As the user would type it: an int literal where it fits, so the tree matches a parsed one.
    private static LiteralExpressionSyntax NumberLiteral(uint value) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression,
            value <= int.MaxValue ? SyntaxFactory.Literal((int)value) : SyntaxFactory.Literal(value));

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
