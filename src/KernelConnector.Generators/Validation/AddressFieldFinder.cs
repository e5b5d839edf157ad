using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelConnector.Generators.Validation;

/// <summary>A field, at any depth, whose bytes are an address or as wide as one.</summary>
/// <param name="Path">The field's path from the message's field (<c>Inner.Handle</c>).</param>
/// <param name="Kind">What it is, for the message: <c>a pointer</c>, <c>a function pointer</c>, <c>a pointer-sized integer</c>.</param>
/// <param name="Type">The field's type as written (<c>byte*</c>, <c>nint</c>).</param>
/// <param name="FixedWidth">The fixed-width integer of the same signedness on a 64-bit peer: <c>long</c> or <c>ulong</c>.</param>
/// <param name="Nested">Whether it is inside a struct the message's field is made of, rather than that field itself.</param>
internal readonly record struct AddressField(string Path, string Kind, string Type, string FixedWidth, bool Nested);

/// <summary>
/// Finds the pointers, function pointers and pointer-sized integers in a message field, at any
/// depth: their bytes mean nothing to the peer, and their size is the peer's.
/// </summary>
internal static class AddressFieldFinder
{
    /// <summary>The first such field in <paramref name="field"/>, or <see langword="null"/>.</summary>
    public static AddressField? Find(IFieldSymbol field, CancellationToken cancellationToken) =>
        NestedFieldWalk.First(field, (inner, path, nested) => Match(inner, path, nested, cancellationToken));

    // IntPtr and nint are one type to Roslyn, displayed as nint; the message quotes what the user wrote.
    private static string TypeAsWritten(IFieldSymbol field, CancellationToken cancellationToken) =>
        field.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration }
            ? declaration.Type.ToString()
            : field.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    private static AddressField? Match(IFieldSymbol field, string path, bool nested, CancellationToken cancellationToken)
    {
        var type = field.Type;
        switch (type)
        {
            case IPointerTypeSymbol:
                return new AddressField(path, "a pointer", TypeAsWritten(field, cancellationToken), "ulong", nested);
            case IFunctionPointerTypeSymbol:
                return new AddressField(path, "a function pointer", TypeAsWritten(field, cancellationToken), "ulong", nested);
        }

        return type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr
            ? new AddressField(path, "a pointer-sized integer", TypeAsWritten(field, cancellationToken), type.SpecialType == SpecialType.System_IntPtr ? "long" : "ulong", nested)
            : null;
    }
}
