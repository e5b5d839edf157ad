using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace KernelConnector.CodeFixes;

/// <summary>The fields that declare padding, for the fixes of KC0008 and KC0021.</summary>
internal static class PaddingDeclarations
{
    /// <summary>
    /// Private fields that fill <paramref name="bytes"/> bytes from <paramref name="offset"/>: the
    /// widest types whose size divides what is left and whose alignment the offset meets, so the
    /// new fields need no padding themselves (4 bytes at offset 4 become one uint).
    /// </summary>
    public static MemberDeclarationSyntax[] Create(int offset, int bytes) =>
        Fields(offset, bytes)
            .Select(f => SyntaxFactory.ParseMemberDeclaration($"private {f.Type} _padding{f.Offset.ToString(CultureInfo.InvariantCulture)};\n")!
                .WithAdditionalAnnotations(Formatter.Annotation))
            .ToArray();

    /// <summary>A diagnostic's integer property (Bytes, Offset), or <see langword="null"/> when it has none.</summary>
    public static int? Read(Diagnostic diagnostic, string name) =>
        diagnostic.Properties.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

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
