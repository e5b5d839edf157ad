using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.Layout;

/// <summary>One field's place in a struct.</summary>
internal sealed record FieldPlacement(IFieldSymbol Field, int Offset, int Size);

/// <summary>Bytes the layout inserts that no field declares.</summary>
/// <param name="After">The field the padding follows, or null before the first field.</param>
/// <param name="Offset">Where the padding starts.</param>
/// <param name="Bytes">How many bytes.</param>
internal sealed record Padding(IFieldSymbol? After, int Offset, int Bytes);

/// <summary>A struct's computed layout.</summary>
internal sealed record LayoutResult(int Size, int Alignment, LayoutKind Kind, int DeclaredSize, IReadOnlyList<FieldPlacement> Fields, IReadOnlyList<Padding> Paddings);

/// <summary>
/// Computes where the runtime puts each field of an unmanaged struct, as C does for the same
/// declarations: natural alignment, <c>Pack</c>, <c>Size</c>, explicit offsets, inline arrays and
/// fixed buffers. Used by the analyzers for sizes and padding. (Roslyn does not expose the
/// layout attributes of metadata types, so a referenced struct is taken as sequential.)
/// </summary>
internal static class MessageLayout
{
    public static LayoutResult? Compute(INamedTypeSymbol type, KnownSymbols known) => Compute(type, known, 0);

    /// <summary>
    /// Whether a message struct has no fields and declares no size. Its payload's fixed part is
    /// then 0 bytes, as GNU C's <c>struct empty {}</c> is and as a sender of a bare <c>cn_msg</c>
    /// (<c>len = 0</c>) means; the runtime gives such a struct one byte, which is not on the wire.
    /// </summary>
    public static bool IsFieldless(INamedTypeSymbol type, KnownSymbols known) =>
        !MessageTargetValidator.InstanceFields(type).Any() && ReadLayout(type, known).Size == 0;

    /// <summary>The fixed part of a message's payload: its layout's size, or 0 for a <see cref="IsFieldless">field-less</see> message.</summary>
    public static int? PayloadSize(INamedTypeSymbol type, KnownSymbols known) =>
        IsFieldless(type, known) ? 0 : Compute(type, known)?.Size;

    private static LayoutResult? Compute(INamedTypeSymbol type, KnownSymbols known, int depth)
    {
        if (depth > Nesting.MaxDepth)
        {
            return null;
        }

        var (kind, pack, declaredSize) = ReadLayout(type, known);
        if (MessageTargetValidator.TryGetInlineArrayLength(type, known, out var length))
        {
            var element = MessageTargetValidator.InstanceFields(type).FirstOrDefault();
            if (element is null || length <= 0 || SizeOf(element.Type, known, depth + 1) is not { } e)
            {
                return null;
            }

            return new LayoutResult((int)Math.Min(int.MaxValue, (long)e.Size * length), e.Alignment, LayoutKind.Sequential, 0, [], []);
        }

        var fields = new List<FieldPlacement>();
        var paddings = new List<Padding>();
        var offset = 0L;
        var alignment = 1;
        IFieldSymbol? previous = null;
        foreach (var field in MessageTargetValidator.InstanceFields(type))
        {
            if (FieldSize(field, known, depth) is not { } f)
            {
                return null;
            }

            var align = pack > 0 ? Math.Min(pack, f.Alignment) : f.Alignment;
            alignment = Math.Max(alignment, align);
            long at;
            if (kind == LayoutKind.Explicit)
            {
                at = ExplicitOffset(field, known) ?? 0;
            }
            else
            {
                at = (offset + align - 1) / align * align;
                if (at > offset)
                {
                    paddings.Add(new Padding(previous, (int)offset, (int)(at - offset)));
                }
            }

            if (at + f.Size > int.MaxValue)
            {
                return null;
            }

            fields.Add(new FieldPlacement(field, (int)at, f.Size));
            offset = kind == LayoutKind.Explicit ? Math.Max(offset, at + f.Size) : at + f.Size;
            previous = field;
        }

        var size = (offset + alignment - 1) / alignment * alignment;
        if (kind != LayoutKind.Explicit && size > offset && fields.Count > 0)
        {
            paddings.Add(new Padding(previous, (int)offset, (int)(size - offset)));
        }

        if (declaredSize > size)
        {
            size = declaredSize;
        }

        // An empty struct still occupies one byte.
        return new LayoutResult((int)Math.Max(1, Math.Min(int.MaxValue, size)), alignment, kind, declaredSize, fields, paddings);
    }

    private static (int Size, int Alignment)? FieldSize(IFieldSymbol field, KnownSymbols known, int depth)
    {
        if (field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol pointer)
        {
            return SizeOf(pointer.PointedAtType, known, depth + 1) is { } e ? ((int)Math.Min(int.MaxValue, (long)e.Size * field.FixedSize), e.Alignment) : null;
        }

        return SizeOf(field.Type, known, depth + 1);
    }

    /// <summary>Size and alignment of a field type; null when it has no fixed layout.</summary>
    public static (int Size, int Alignment)? SizeOf(ITypeSymbol type, KnownSymbols known, int depth = 0)
    {
        if (type is IPointerTypeSymbol or IFunctionPointerTypeSymbol)
        {
            return (IntPtr.Size, IntPtr.Size);
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
        {
            return SizeOf(underlying, known, depth);
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte:
                return (1, 1);
            case SpecialType.System_Char or SpecialType.System_Int16 or SpecialType.System_UInt16:
                return (2, 2);
            case SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Single:
                return (4, 4);
            case SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Double:
                return (8, 8);
            case SpecialType.System_IntPtr or SpecialType.System_UIntPtr:
                return (IntPtr.Size, IntPtr.Size);
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None } named && !named.IsReferenceType)
        {
            return Compute(named, known, depth) is { } layout ? (layout.Size, layout.Alignment) : null;
        }

        return null;
    }

    private static (LayoutKind Kind, int Pack, int Size) ReadLayout(INamedTypeSymbol type, KnownSymbols known)
    {
        var kind = MessageTargetValidator.GetLayoutKind(type, known);
        var pack = 0;
        var size = 0;
        if (KnownSymbols.Find(type, known.StructLayoutAttribute) is { } attribute)
        {
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Pack" && named.Value.Value is int p && p is 1 or 2 or 4 or 8 or 16 or 32 or 64 or 128)
                {
                    pack = p;
                }
                else if (named.Key == "Size" && named.Value.Value is int s && s > 0)
                {
                    size = s;
                }
            }
        }

        return (kind, pack, size);
    }

    public static int? ExplicitOffset(IFieldSymbol field, KnownSymbols known) =>
        KnownSymbols.Find(field, known.FieldOffsetAttribute) is { ConstructorArguments: [{ Value: int offset }] } ? offset : null;
}
