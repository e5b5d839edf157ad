using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Model;
using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.Parsing;

/// <summary>Turns a <c>[ConnectorMessage]</c> struct into its model, or <see langword="null"/> when it cannot be generated for.</summary>
internal static class MessageParser
{
    /// <summary>The interface's members; one the user already declared is implemented explicitly instead.</summary>
    public static readonly string[] InterfaceMembers =
        ["Id", "Group", "Size", "MaxTrailingBytes", "SequenceKeyOffset", "Validate", "View", "TryRead", "Write"];

    public static MessageModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol { TypeKind: TypeKind.Struct } type
            || context.Attributes.Length != 1
            || ConnectorAttributeValues.Read(context.Attributes[0]) is not { } values
            || !MessageTargetValidator.Validate(type, cancellationToken).IsEmpty)
        {
            return null;
        }

        var checks = new List<FieldCheck>();
        CollectChecks(type, type, "", [], false, context.SemanticModel.Compilation, checks, 0, cancellationToken);

        return new MessageModel(
            TargetDeclarations.Describe(type, "ConnectorMessage"),
            values.Idx,
            values.Val,
            values.Group,
            values.MaxTrailingBytes,
            FindSequenceKey(type),
            checks.ToEquatableArray(),
            InterfaceMembers.Where(name => !type.GetMembers(name).IsEmpty).ToEquatableArray());
    }

    private static string? FindSequenceKey(INamedTypeSymbol type)
    {
        foreach (var field in MessageTargetValidator.InstanceFields(type))
        {
            if (field.Type.SpecialType == SpecialType.System_UInt32 && HasAttribute(field, KnownNames.SequenceKeyAttribute))
            {
                return field.Name;
            }
        }

        return null;
    }

    private static void CollectChecks(
        INamedTypeSymbol message,
        INamedTypeSymbol type,
        string path,
        List<int> loops,
        bool needsUnsafe,
        Compilation compilation,
        List<FieldCheck> checks,
        int depth,
        CancellationToken cancellationToken)
    {
        if (depth > Nesting.MaxDepth)
        {
            return;
        }

        foreach (var field in MessageTargetValidator.InstanceFields(type))
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Generated code reads fields by name; a private field of a nested struct cannot be
            // named from the message, and is left to that struct's own code.
            if (!compilation.IsSymbolAccessibleWithin(field, message))
            {
                continue;
            }

            var fieldPath = path.Length == 0 ? field.Name : path + "." + field.Name;
            if (field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol pointer)
            {
                var inner = new List<int>(loops) { field.FixedSize };
                CheckValue(message, pointer.PointedAtType, field, fieldPath + "[{" + loops.Count + "}]", inner, true, compilation, checks, depth, cancellationToken);
            }
            else
            {
                CheckValue(message, field.Type, field, fieldPath, loops, needsUnsafe, compilation, checks, depth, cancellationToken);
            }
        }
    }

    private static void CheckValue(
        INamedTypeSymbol message,
        ITypeSymbol type,
        IFieldSymbol? field,
        string path,
        List<int> loops,
        bool needsUnsafe,
        Compilation compilation,
        List<FieldCheck> checks,
        int depth,
        CancellationToken cancellationToken)
    {
        if (type.SpecialType == SpecialType.System_Boolean)
        {
            checks.Add(new FieldCheck(path, CheckKind.Bool, loops.ToEquatableArray(), "", EquatableArray<string>.Empty, needsUnsafe));
            return;
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
        {
            if (HasAttribute(enumType, KnownNames.ClosedEnumAttribute) || (field is not null && HasAttribute(field, KnownNames.ClosedEnumAttribute)))
            {
                checks.Add(new FieldCheck(path, CheckKind.ClosedEnum, loops.ToEquatableArray(), FullName(enumType), EnumValues(enumType), needsUnsafe));
            }

            return;
        }

        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None } structType)
        {
            return;
        }

        if (MessageTargetValidator.TryGetInlineArrayLength(structType, out var length))
        {
            var element = MessageTargetValidator.InstanceFields(structType).FirstOrDefault();
            if (element is not null && length > 0)
            {
                var inner = new List<int>(loops) { length };
                CheckValue(message, element.Type, null, path + "[{" + loops.Count + "}]", inner, needsUnsafe, compilation, checks, depth + 1, cancellationToken);
            }

            return;
        }

        CollectChecks(message, structType, path, loops, needsUnsafe, compilation, checks, depth + 1, cancellationToken);
    }

    private static EquatableArray<string> EnumValues(INamedTypeSymbol enumType)
    {
        // Aliases share a value; a switch may name each value once.
        var seen = new HashSet<object>();
        var names = new List<string>();
        foreach (var member in enumType.GetMembers().OfType<IFieldSymbol>())
        {
            if (member.HasConstantValue && member.ConstantValue is { } value && seen.Add(value))
            {
                names.Add(member.Name);
            }
        }

        return names.ToEquatableArray();
    }

    public static string FullName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    private static bool HasAttribute(ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == metadataName);

    internal static string Literal(uint value) => value.ToString(CultureInfo.InvariantCulture) + "u";
}
