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
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Diagnostics;
using KernelConnector.Generators.Parsing;
using KernelConnector.Shared;

namespace KernelConnector.CodeFixes;

/// <summary>KC0001: moves the message to the next connector id under its idx that nothing in the compilation uses.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ChangeIdCodeFix)), Shared]
public sealed class ChangeIdCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [Descriptors.DuplicateId.Id];

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
        if (root is null
            || model is null
            || KnownSymbols.Resolve(model.Compilation) is not { } known
            || Target(root, model, context.Span.Start, known, context.CancellationToken) is not var (idx, val, expression))
        {
            return;
        }

        var next = NextFree(UsedIds(model.Compilation, known), idx, val);
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
        if (root is null || model is null || KnownSymbols.Resolve(model.Compilation) is not { } known)
        {
            return document;
        }

        // One plan for the whole compilation, the same whichever document is fixed first: per id,
        // the declaration kept is one the fix may not move (in a referenced assembly or outside the
        // fix-all scope) or else the first in file order; every other declaration in scope gets its
        // own free id, given in file order across documents.
        var inScope = ScopeDocuments(context, document);
        var moves = Plan(model.Compilation, known, tree => context.Solution.GetDocumentId(tree) is { } id && inScope(id), context.CancellationToken);
        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (Target(root, model, diagnostic.Location.SourceSpan.Start, known, context.CancellationToken) is { } target
                && moves.TryGetValue((target.Expression.SyntaxTree.FilePath, target.Expression.SpanStart), out var next))
            {
                replacements[target.Expression] = NumberLiteral(next).WithTriviaFrom(target.Expression);
            }
        }

        return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
    }

    private static System.Func<DocumentId, bool> ScopeDocuments(FixAllContext context, Document document) => context.Scope switch
    {
        FixAllScope.Solution => _ => true,
        FixAllScope.Project => id => id.ProjectId == document.Project.Id,
        _ => id => id == document.Id,
    };

    /// <summary>Where each declaration that must move (by its attribute's val argument: file and position) goes.</summary>
    private static Dictionary<(string File, int Position), uint> Plan(Compilation compilation, KnownSymbols known, System.Func<SyntaxTree, bool> inScope, CancellationToken cancellationToken)
    {
        var declarations = new List<(uint Idx, uint Val, bool Movable, string File, int Position)>();
        foreach (var (idx, val, _) in DuplicateIdAnalyzer.ReferencedMessages(compilation, known))
        {
            declarations.Add((idx, val, false, "", -1));
        }

        foreach (var symbol in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type, cancellationToken))
        {
            if (symbol is INamedTypeSymbol { TypeKind: TypeKind.Struct } type
                && DuplicateIdAnalyzer.Receivable(type, known) is { } id
                && ConnectorAttributeValues.Find(type, known)?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList.Arguments.Count: >= 2 } syntax)
            {
                var expression = syntax.ArgumentList.Arguments[1].Expression;
                declarations.Add((id.Idx, id.Val, inScope(expression.SyntaxTree), expression.SyntaxTree.FilePath, expression.SpanStart));
            }
        }

        var used = UsedIds(compilation, known);
        var moves = new Dictionary<(string, int), uint>();
        foreach (var group in declarations.GroupBy(d => (d.Idx, d.Val)).OrderBy(g => g.Key.Idx).ThenBy(g => g.Key.Val))
        {
            var ordered = group
                .OrderBy(d => d.Movable)
                .ThenBy(d => d.File, System.StringComparer.Ordinal)
                .ThenBy(d => d.Position)
                .ToArray();
            foreach (var declaration in ordered.Skip(1).Where(d => d.Movable))
            {
                var next = NextFree(used, group.Key.Idx, group.Key.Val);
                used.Add((group.Key.Idx, next));
                moves[(declaration.File, declaration.Position)] = next;
            }
        }

        return moves;
    }

    private static (uint Idx, uint Val, ExpressionSyntax Expression)? Target(SyntaxNode root, SemanticModel model, int position, KnownSymbols known, CancellationToken cancellationToken)
    {
        if (root.FindToken(position).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault() is not { } declaration
            || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } type
            || ConnectorAttributeValues.Find(type, known) is not { ApplicationSyntaxReference: { } reference } data
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

    private static HashSet<(uint, uint)> UsedIds(Compilation compilation, KnownSymbols known)
    {
        var used = new HashSet<(uint, uint)>();
        foreach (var symbol in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type))
        {
            if (symbol is ITypeSymbol type && ConnectorAttributeValues.Find(type, known) is { ConstructorArguments.Length: 2 } data && data.ConstructorArguments[0].Value is uint i && data.ConstructorArguments[1].Value is uint v)
            {
                used.Add((i, v));
            }
        }

        // So are the ids of referenced assemblies' messages (another project, a package, the runtime).
        foreach (var (i, v, _) in DuplicateIdAnalyzer.ReferencedMessages(compilation, known))
        {
            used.Add((i, v));
        }

        // The kernel's ids are taken too (a receiver drops them from userspace senders).
        foreach (var id in KernelOwnedIds.All)
        {
            used.Add((id.Idx, id.Val));
        }

        return used;
    }
}
