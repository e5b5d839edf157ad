using System.Collections.Generic;
using System.Linq;
using System.Threading;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Model;
using KernelConnector.Generators.Validation;
using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.Parsing;

/// <summary>
/// Finds the fields of a message, at any depth, that zero-copy reading cannot trust (bools, closed
/// enums), with the loops over inline arrays and fixed buffers on the way.
/// </summary>
internal sealed class FieldCheckCollector
{
    private readonly INamedTypeSymbol _message;
    private readonly Compilation _compilation;
    private readonly KnownSymbols _known;
    private readonly CancellationToken _cancellationToken;
    private readonly List<FieldCheck> _checks = [];

    private FieldCheckCollector(INamedTypeSymbol message, Compilation compilation, KnownSymbols known, CancellationToken cancellationToken)
    {
        _message = message;
        _compilation = compilation;
        _known = known;
        _cancellationToken = cancellationToken;
    }

    public static EquatableArray<FieldCheck> Collect(INamedTypeSymbol message, Compilation compilation, KnownSymbols known, CancellationToken cancellationToken)
    {
        var collector = new FieldCheckCollector(message, compilation, known, cancellationToken);
        collector.CollectFields(message, "", [], false, 0);
        return collector._checks.ToEquatableArray();
    }

    private void CollectFields(INamedTypeSymbol type, string path, List<int> loops, bool needsUnsafe, int depth)
    {
        if (depth > Nesting.MaxDepth)
        {
            return;
        }

        foreach (var field in MessageTargetValidator.InstanceFields(type))
        {
            _cancellationToken.ThrowIfCancellationRequested();

            // Generated code reads fields by name; a private field of a nested struct cannot be
            // named from the message, and is left to that struct's own code.
            if (!_compilation.IsSymbolAccessibleWithin(field, _message))
            {
                continue;
            }

            var fieldPath = path.Length == 0 ? field.Name : path + "." + field.Name;
            if (field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol pointer)
            {
                var inner = new List<int>(loops) { field.FixedSize };
                CheckValue(pointer.PointedAtType, field, fieldPath + "[{" + loops.Count + "}]", inner, true, depth);
            }
            else
            {
                CheckValue(field.Type, field, fieldPath, loops, needsUnsafe, depth);
            }
        }
    }

    private void CheckValue(ITypeSymbol type, IFieldSymbol? field, string path, List<int> loops, bool needsUnsafe, int depth)
    {
        if (type.SpecialType == SpecialType.System_Boolean)
        {
            _checks.Add(new FieldCheck(path, CheckKind.Bool, loops.ToEquatableArray(), "", EquatableArray<string>.Empty, needsUnsafe));
            return;
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
        {
            if (KnownSymbols.Has(enumType, _known.ClosedEnumAttribute) || (field is not null && KnownSymbols.Has(field, _known.ClosedEnumAttribute)))
            {
                _checks.Add(new FieldCheck(path, CheckKind.ClosedEnum, loops.ToEquatableArray(), MessageParser.FullName(enumType), EnumValues(enumType), needsUnsafe));
            }

            return;
        }

        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None } structType)
        {
            return;
        }

        if (MessageTargetValidator.TryGetInlineArrayLength(structType, _known, out var length))
        {
            var element = MessageTargetValidator.InstanceFields(structType).FirstOrDefault();
            if (element is not null && length > 0)
            {
                var inner = new List<int>(loops) { length };
                CheckValue(element.Type, null, path + "[{" + loops.Count + "}]", inner, needsUnsafe, depth + 1);
            }

            return;
        }

        CollectFields(structType, path, loops, needsUnsafe, depth + 1);
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
}
