using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace KernelConnector.CodeFixes;

/// <summary>KC0008: declares the padding the layout inserts as explicit fields, so the bytes on the wire are visible.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsertPaddingCodeFix)), Shared]
public sealed class InsertPaddingCodeFix : SyntaxCodeFix<FieldDeclarationSyntax>
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [Descriptors.ImplicitPadding.Id];

    private protected override string? Title(Diagnostic diagnostic) =>
        Read(diagnostic, "Bytes") is { } bytes && Read(diagnostic, "Offset") is not null ? $"Declare the {bytes} padding byte(s)" : null;

    private static int? Read(Diagnostic diagnostic, string name) =>
        diagnostic.Properties.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private protected override async Task<Document> FixAsync(Document document, SyntaxNode root, FieldDeclarationSyntax field, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var padding = Fields(Read(diagnostic, "Offset")!.Value, Read(diagnostic, "Bytes")!.Value)
            .Select(f => SyntaxFactory.ParseMemberDeclaration($"private {f.Type} _padding{f.Offset.ToString(CultureInfo.InvariantCulture)};\n")!
                .WithAdditionalAnnotations(Formatter.Annotation))
            .ToArray();
        var updated = root.InsertNodesAfter(field, padding);
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
