using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace KernelConnector.CodeFixes;

/// <summary>
/// KC0021: declares the padding inside the nested struct that has it (which may be in another
/// document), and states that struct's sequential layout if it does not, so that its new private
/// fields are not reported as unused (CS0169; the compiler keeps quiet about fields of a struct
/// that states its layout).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsertNestedPaddingCodeFix)), Shared]
public sealed class InsertNestedPaddingCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = nameof(InsertNestedPaddingCodeFix);

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [Descriptors.NestedPadding.Id];

    /// <inheritdoc />
    /// <remarks>The padding is in other documents than the diagnostics, and several diagnostics may ask for the same one.</remarks>
    public override FixAllProvider GetFixAllProvider() => NestedPaddingFixAllProvider.Instance;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (NestedPaddingInsertion.From(diagnostic) is { } insertion && solution.GetDocument(insertion.Tree) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Declare the {insertion.Bytes} padding byte(s) in the nested struct", ct => ApplyAsync(solution, [insertion], ct), EquivalenceKey),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Applies each distinct insertion once, one document at a time.</summary>
    internal static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<NestedPaddingInsertion> insertions, CancellationToken cancellationToken)
    {
        foreach (var group in insertions.Distinct().GroupBy(i => i.Tree))
        {
            if (solution.GetDocument(group.Key) is { } document)
            {
                solution = (await FixDocumentAsync(document, group, cancellationToken).ConfigureAwait(false)).Project.Solution;
            }
        }

        return solution;
    }

    private static async Task<Document> FixDocumentAsync(Document document, IEnumerable<NestedPaddingInsertion> insertions, CancellationToken cancellationToken)
    {
        if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
            || KnownSymbols.Resolve(model.Compilation) is not { } known)
        {
            return document;
        }

        var fields = insertions
            .Select(i => (Insertion: i, Field: root.FindNode(i.Field).FirstAncestorOrSelf<FieldDeclarationSyntax>()))
            .Where(f => f.Field is not null)
            .ToArray();
        var structs = fields
            .Select(f => f.Field!.FirstAncestorOrSelf<TypeDeclarationSyntax>())
            .OfType<TypeDeclarationSyntax>()
            .Distinct()
            .Where(s => model.GetDeclaredSymbol(s, cancellationToken) is { } type && !KnownSymbols.Has(type, known.StructLayoutAttribute))
            .ToArray();

        root = root.TrackNodes(fields.Select(f => (SyntaxNode)f.Field!).Concat(structs));
        foreach (var (insertion, field) in fields)
        {
            root = root.InsertNodesAfter(root.GetCurrentNode(field!)!, PaddingDeclarations.Create(insertion.Offset, insertion.Bytes));
        }

        foreach (var declaration in structs)
        {
            var current = root.GetCurrentNode(declaration)!;
            root = root.ReplaceNode(current, StructLayoutDeclarations.AddSequential(current));
        }

        if (structs.Length > 0)
        {
            root = StructLayoutDeclarations.AddUsing(root);
        }

        return await Formatter.FormatAsync(document.WithSyntaxRoot(root), Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
