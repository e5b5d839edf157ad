using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.CodeFixes.HeaderParity;
using KernelConnector.Generators.CHeaders;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Diagnostics;
using KernelConnector.Generators.HeaderParity;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace KernelConnector.CodeFixes;

/// <summary>
/// KC0033-KC0042: writes the struct's fields (and layout) from the C struct its <c>[CStruct]</c>
/// names. Fields that already match keep their declarations; fields the comparison pairs with a C
/// member keep their names and comments; every other field is written from the header. Offered
/// when all the struct's fields are in the declaration that has <c>[CStruct]</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WriteFromHeaderCodeFix)), Shared]
public sealed class WriteFromHeaderCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        [
            Descriptors.CSizeMismatch.Id, Descriptors.COffsetMismatch.Id, Descriptors.CFieldSizeMismatch.Id, Descriptors.CSignednessMismatch.Id,
            Descriptors.CArrayLengthMismatch.Id, Descriptors.CMemberMissing.Id, Descriptors.CExtraField.Id, Descriptors.CShapeMismatch.Id,
            Descriptors.CFlexibleArrayMismatch.Id, Descriptors.CAlignmentMismatch.Id,
        ];

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) =>
        {
            var targets = new List<Target>();
            foreach (var diagnostic in diagnostics)
            {
                if (await FindAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } target
                    && !targets.Any(t => t.Declaration == target.Declaration))
                {
                    targets.Add(target);
                }
            }

            return targets.Count == 0 ? document : await RewriteAsync(document, targets, context.CancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await FindAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } target)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Write '{target.Declaration.Identifier.Text}' from C's {target.C.TypeText}",
                        ct => RewriteAsync(context.Document, [target], ct), nameof(WriteFromHeaderCodeFix)),
                    diagnostic);
            }
        }
    }

    private sealed record Target(StructDeclarationSyntax Declaration, INamedTypeSymbol Type, CNode C, int? MaxTrailingBytes, KnownSymbols Known);

    // The struct a diagnostic is about and its C struct, when the fix can rewrite it.
    private static async Task<Target?> FindAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan).AncestorsAndSelf().OfType<StructDeclarationSyntax>().FirstOrDefault() is not { } near
            || model?.GetDeclaredSymbol(near, cancellationToken) is not { } type
            || KnownSymbols.Resolve(model.Compilation) is not { } known
            || KnownSymbols.Find(type, known.CStructAttribute) is not { } attribute
            || attribute.ConstructorArguments.Length != 2
            || attribute.ConstructorArguments[0].Value is not string header
            || attribute.ConstructorArguments[1].Value is not string name
            || attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).FirstAncestorOrSelf<StructDeclarationSyntax>() is not { } declaration
            || declaration.SyntaxTree != root.SyntaxTree)
        {
            return null;
        }

        // Fields in another part of a partial struct would stay as they are: no fix then.
        var fields = type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst && !f.IsImplicitlyDeclared);
        if (fields.Any(f => f.DeclaringSyntaxReferences.Any(r => !declaration.Span.Contains(r.Span) || r.SyntaxTree != root.SyntaxTree)))
        {
            return null;
        }

        var texts = new List<(string Path, string Text)>();
        foreach (var additional in document.Project.AdditionalDocuments)
        {
            var text = await additional.GetTextAsync(cancellationToken).ConfigureAwait(false);
            texts.Add((additional.FilePath ?? additional.Name, text.ToString()));
        }

        var headers = new CHeaderSet(texts.Select(t => (t.Path, (System.Func<CHeaderFile>)(() => CHeaderFile.Parse(t.Path, t.Text, cancellationToken)))));
        if (headers.Match(header) is not { Count: 1 } matches || headers.Resolve(headers.Read(matches[0]), name).Node is not { } c)
        {
            return null;
        }

        var trailing = Generators.Parsing.ConnectorAttributeValues.Of(type, known)?.MaxTrailingBytes;
        return new Target(declaration, type, c, trailing, known);
    }

    private static async Task<Document> RewriteAsync(Document document, IReadOnlyList<Target> targets, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var rewritten = targets.ToDictionary(t => (SyntaxNode)t.Declaration, Rewrite);
        var updated = root.ReplaceNodes(rewritten.Keys, (original, _) => rewritten[original]);
        var changed = document.WithSyntaxRoot(updated);
        changed = await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static StructDeclarationSyntax Rewrite(Target target)
    {
        var declaration = target.Declaration;
        var existing = declaration.Members.OfType<FieldDeclarationSyntax>()
            .Where(f => !f.Modifiers.Any(m => m.IsKind(SyntaxKind.StaticKeyword) || m.IsKind(SyntaxKind.ConstKeyword)))
            .ToArray();
        var byName = existing.Where(f => f.Declaration.Variables.Count == 1).ToDictionary(f => f.Declaration.Variables[0].Identifier.Text, f => f);

        // Fields the comparison pairs with a C member keep their names; those without a difference keep their declarations.
        var managed = ManagedLayoutReader.Read(target.Type, target.Known);
        var pairs = managed is null ? new Dictionary<string, string>() : ParityComparer.Pairs(managed, target.C);
        var differing = new HashSet<string>(managed is null ? [] : ParityComparer.Compare(managed, target.C, target.MaxTrailingBytes).Select(d => d.Field));
        var writer = new StructWriter(declaration.Identifier.Text, declaration.Members.OfType<BaseTypeDeclarationSyntax>().Select(t => t.Identifier.Text));
        var keptPaths = new HashSet<string>(pairs.Where(p => byName.ContainsKey(p.Value) && !differing.Contains(p.Value)).Select(p => p.Key));
        var written = writer.Write(target.C, declaration.Identifier.Text, pairs, keptPaths);

        var fields = new List<MemberDeclarationSyntax>();
        foreach (var field in written.Fields)
        {
            byName.TryGetValue(field.Name, out var old);
            var keep = old is not null && keptPaths.Contains(field.CPath);
            MemberDeclarationSyntax member = keep
                ? WithOffset(old!, written.Explicit ? field.Offset : null)
                : Parse(StructWriter.WithOffset(field, written.Explicit));
            // A field rewritten keeps its own comment, when it has one, instead of the written summary.
            if (old is not null && !keep && old.GetLeadingTrivia().Any(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia)))
            {
                member = member.WithLeadingTrivia(old.GetLeadingTrivia());
            }

            fields.Add(member.WithAdditionalAnnotations(Formatter.Annotation));
        }

        var generated = new HashSet<string>(writer.TypeNames);
        var kept = declaration.Members
            .Where(m => !existing.Contains(m) && !(m is BaseTypeDeclarationSyntax t && generated.Contains(t.Identifier.Text)))
            .ToList();
        var firstField = existing.Length == 0 ? kept.Count : declaration.Members.IndexOf(existing[0]);
        var insertAt = System.Math.Min(kept.Count, declaration.Members.Take(firstField).Count(kept.Contains));
        kept.InsertRange(insertAt, fields);
        kept.AddRange(writer.Types.Select(t => Parse(t).WithAdditionalAnnotations(Formatter.Annotation)));

        var result = declaration.WithMembers(SyntaxFactory.List(kept))
            .WithOpenBraceToken(declaration.OpenBraceToken.WithTrailingTrivia(SyntaxFactory.ElasticLineFeed));
        result = WithLayout(result, written.LayoutAttribute);
        if (writer.NeedsUnsafe && !result.Modifiers.Any(m => m.IsKind(SyntaxKind.UnsafeKeyword)))
        {
            var partial = result.Modifiers.IndexOf(SyntaxKind.PartialKeyword);
            var unsafeToken = SyntaxFactory.Token(SyntaxKind.UnsafeKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            result = result.WithModifiers(partial >= 0 ? result.Modifiers.Insert(partial, unsafeToken) : result.Modifiers.Add(unsafeToken));
        }

        // The struct is rewritten: formatting it whole puts the written members on lines of their own.
        return result.WithAdditionalAnnotations(Formatter.Annotation);
    }

    // The struct's [StructLayout] replaced by the written one (or added).
    private static StructDeclarationSyntax WithLayout(StructDeclarationSyntax declaration, string layout)
    {
        var attribute = Annotate(SyntaxFactory.ParseCompilationUnit($"[{layout}] struct X {{ }}").Members[0].AttributeLists[0].Attributes[0]);
        foreach (var list in declaration.AttributeLists)
        {
            foreach (var existing in list.Attributes)
            {
                if (existing.Name.ToString() is var name && (name.EndsWith("StructLayout", System.StringComparison.Ordinal) || name.EndsWith("StructLayoutAttribute", System.StringComparison.Ordinal)))
                {
                    return declaration.ReplaceNode(existing, attribute);
                }
            }
        }

        var newList = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute)).WithAdditionalAnnotations(Formatter.Annotation);
        if (declaration.AttributeLists.Count == 0)
        {
            return declaration.WithoutLeadingTrivia().AddAttributeLists(newList.WithLeadingTrivia(declaration.GetLeadingTrivia()));
        }

        return declaration.AddAttributeLists(newList);
    }

    // A kept field with its [FieldOffset] set to the written layout's (or removed for a sequential one).
    private static FieldDeclarationSyntax WithOffset(FieldDeclarationSyntax field, int? offset)
    {
        var lists = new List<AttributeListSyntax>();
        foreach (var list in field.AttributeLists)
        {
            var attributes = list.Attributes.Where(a => !a.Name.ToString().EndsWith("FieldOffset", System.StringComparison.Ordinal)
                && !a.Name.ToString().EndsWith("FieldOffsetAttribute", System.StringComparison.Ordinal)).ToArray();
            if (attributes.Length > 0)
            {
                lists.Add(list.WithAttributes(SyntaxFactory.SeparatedList(attributes)));
            }
        }

        if (offset is { } at)
        {
            var attribute = Annotate(SyntaxFactory.ParseCompilationUnit($"[global::System.Runtime.InteropServices.FieldOffset({at.ToString(System.Globalization.CultureInfo.InvariantCulture)})] struct X {{ }}").Members[0].AttributeLists[0]);
            lists.Insert(0, attribute);
        }

        return field.WithAttributeLists(SyntaxFactory.List(lists));
    }

    private static MemberDeclarationSyntax Parse(string text) =>
        Annotate(SyntaxFactory.ParseMemberDeclaration(text)!);

    // Qualified names are written in full and reduced, with a using added, where the file allows.
    private static T Annotate<T>(T node)
        where T : SyntaxNode =>
        node.ReplaceNodes(node.DescendantNodesAndSelf().Where(n => n is QualifiedNameSyntax or AliasQualifiedNameSyntax or MemberAccessExpressionSyntax),
            (_, n) => n.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation));
}
