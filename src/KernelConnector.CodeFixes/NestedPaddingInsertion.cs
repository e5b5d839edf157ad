using KernelConnector.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace KernelConnector.CodeFixes;

/// <summary>
/// Padding to declare inside a nested struct (KC0021): after which field (its tree and span), from
/// which offset, how many bytes. Two diagnostics about the same padding (two messages, or two
/// fields, made of the same struct) make equal insertions, which a fix applies once.
/// </summary>
internal readonly record struct NestedPaddingInsertion(SyntaxTree Tree, TextSpan Field, int Offset, int Bytes)
{
    /// <summary>The insertion a KC0021 diagnostic asks for, or <see langword="null"/> when it cannot say where.</summary>
    public static NestedPaddingInsertion? From(Diagnostic diagnostic) =>
        diagnostic.Id == Descriptors.NestedPadding.Id
        && diagnostic.AdditionalLocations is [{ SourceTree: { } tree } after]
        && PaddingDeclarations.Read(diagnostic, "Offset") is { } offset
        && PaddingDeclarations.Read(diagnostic, "Bytes") is { } bytes
            ? new NestedPaddingInsertion(tree, after.SourceSpan, offset, bytes)
            : null;
}
