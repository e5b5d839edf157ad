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
using Microsoft.CodeAnalysis.Formatting;

namespace KernelConnector.CodeFixes;

/// <summary>KC0008: declares the padding the layout inserts as explicit fields, so the bytes on the wire are visible.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsertPaddingCodeFix)), Shared]
public sealed class InsertPaddingCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["KC0008"];

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
            if (!diagnostic.Properties.TryGetValue("Bytes", out var bytesText) || !int.TryParse(bytesText, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
                || !diagnostic.Properties.TryGetValue("Offset", out var offsetText) || !int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Declare the {bytes} padding byte(s)", ct => Fix(context.Document, field, offset, bytes, ct), nameof(InsertPaddingCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> Fix(Document document, FieldDeclarationSyntax field, int offset, int bytes, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var padding = Fields(offset, bytes)
            .Select(f => SyntaxFactory.ParseMemberDeclaration($"private {f.Type} _padding{f.Offset.ToString(CultureInfo.InvariantCulture)};\n")!
                .WithAdditionalAnnotations(Formatter.Annotation))
            .ToArray();
        var updated = root!.InsertNodesAfter(field, padding);
        return await Formatter.FormatAsync(document.WithSyntaxRoot(updated), Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    // The widest types whose size divides what is left and whose alignment the offset meets, so
    // the new fields need no padding themselves: 4 bytes at offset 4 become one uint.
    private static IEnumerable<(string Type, int Offset)> Fields(int offset, int bytes)
    {
        var end = offset + bytes;
        while (offset < end)
        {
            var (type, size) = new[] { ("ulong", 8), ("uint", 4), ("ushort", 2), ("byte", 1) }
                .First(t => offset % t.Item2 == 0 && offset + t.Item2 <= end);
            yield return (type, offset);
            offset += size;
        }
    }
}
