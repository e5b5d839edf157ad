using System.Linq;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Layout;
using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.HeaderParity;

/// <summary>Describes a C# struct's layout as values (<see cref="ManagedStruct"/>), from <see cref="MessageLayout"/>.</summary>
internal static class ManagedLayoutReader
{
    /// <summary>The struct's layout, or null when a field has no fixed layout (other rules say why).</summary>
    public static ManagedStruct? Read(INamedTypeSymbol type, KnownSymbols known) => Read(type, known, 0);

    private static ManagedStruct? Read(INamedTypeSymbol type, KnownSymbols known, int depth)
    {
        if (depth > Nesting.MaxDepth || MessageLayout.Compute(type, known) is not { } layout)
        {
            return null;
        }

        var fields = new ManagedField[layout.Fields.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            var placement = layout.Fields[i];
            var field = placement.Field;
            ManagedType? fieldType;
            if (field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol pointer)
            {
                fieldType = TypeOf(pointer.PointedAtType, known, depth) is { } element
                    ? new ManagedType(ManagedKind.Array, $"fixed {element.Display}[{field.FixedSize}]", placement.Size, element.Alignment, false, field.FixedSize, element, null)
                    : null;
            }
            else
            {
                fieldType = TypeOf(field.Type, known, depth);
            }

            if (fieldType is null)
            {
                return null;
            }

            fields[i] = new ManagedField(field.Name, placement.Offset, fieldType);
        }

        return new ManagedStruct(type.Name, layout.Size, layout.Alignment, fields.ToEquatableArray());
    }

    private static ManagedType? TypeOf(ITypeSymbol type, KnownSymbols known, int depth)
    {
        if (MessageLayout.SizeOf(type, known) is not { } size)
        {
            return null;
        }

        var display = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        if (type is IPointerTypeSymbol or IFunctionPointerTypeSymbol || type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
        {
            return new ManagedType(ManagedKind.Pointer, display, size.Size, size.Alignment, false, 0, null, null);
        }

        var scalar = type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying } ? underlying : type;
        switch (scalar.SpecialType)
        {
            case SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_Int32 or SpecialType.System_Int64:
                return new ManagedType(ManagedKind.Integer, display, size.Size, size.Alignment, true, 0, null, null);
            case SpecialType.System_Byte or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64
                or SpecialType.System_Boolean or SpecialType.System_Char:
                return new ManagedType(ManagedKind.Integer, display, size.Size, size.Alignment, false, 0, null, null);
            case SpecialType.System_Single or SpecialType.System_Double:
                return new ManagedType(ManagedKind.Float, display, size.Size, size.Alignment, true, 0, null, null);
        }

        if (type is not INamedTypeSymbol named)
        {
            return null;
        }

        if (MessageTargetValidator.TryGetInlineArrayLength(named, known, out var length))
        {
            return MessageTargetValidator.InstanceFields(named).FirstOrDefault() is { } first && TypeOf(first.Type, known, depth + 1) is { } element
                ? new ManagedType(ManagedKind.Array, display, size.Size, size.Alignment, false, length, element, null)
                : null;
        }

        return Read(named, known, depth + 1) is { } nested
            ? new ManagedType(ManagedKind.Struct, display, size.Size, size.Alignment, false, 0, null, nested)
            : null;
    }
}
