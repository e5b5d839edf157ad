using KernelConnector.Generators.Common;
using KernelConnector.Generators.Layout;
using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.Validation;

/// <summary>A field, at any depth, whose type is a struct without instance fields.</summary>
/// <param name="Path">The field's path from the message's field (<c>Header.Marker</c>).</param>
/// <param name="Type">The empty struct, as a reader would write it (<c>Marker</c>, <c>Tag&lt;int&gt;</c>).</param>
/// <param name="Nested">Whether it is inside a struct the message's field is made of, rather than that field itself.</param>
internal readonly record struct EmptyStructField(string Path, string Type, bool Nested);

/// <summary>
/// Finds the fields of an empty struct in a message field, at any depth: C# gives such a struct
/// one byte, GNU C's <c>struct empty {}</c> none, so each one moves what follows it by a byte the
/// C peer does not have.
/// </summary>
internal static class EmptyStructFieldFinder
{
    /// <summary>The first such field in <paramref name="field"/>, or <see langword="null"/>.</summary>
    public static EmptyStructField? Find(IFieldSymbol field, KnownSymbols known) =>
        NestedFieldWalk.First<EmptyStructField>(field, (inner, path, nested) =>
            IsEmptyStruct(inner.Type, known)
                ? new EmptyStructField(path, inner.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), nested)
                : null);

    /// <summary>
    /// Whether <paramref name="type"/> is a struct the runtime gives one byte for no field: not a
    /// primitive or an enum, no instance field (static ones take no room in an instance), no
    /// <c>StructLayout</c> <c>Size</c> (which is bytes the author asked for), not an inline array.
    /// </summary>
    public static bool IsEmptyStruct(ITypeSymbol type, KnownSymbols known) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None } named
        && !MessageTargetValidator.TryGetInlineArrayLength(named, known, out _)
        && MessageLayout.IsFieldless(named, known);
}
