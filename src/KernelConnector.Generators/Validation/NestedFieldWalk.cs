using System;
using KernelConnector.Generators.Common;
using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.Validation;

/// <summary>
/// Walks a message field and, depth first, the fields of the structs it is made of: the rules
/// that look for one kind of field at any depth (addresses, empty structs) differ only in what
/// they look for, and must agree on the path they name and on where they stop.
/// </summary>
internal static class NestedFieldWalk
{
    /// <summary>The name a reader sees: a property's for its backing field.</summary>
    public static string Name(IFieldSymbol field) => field.AssociatedSymbol?.Name ?? field.Name;

    /// <summary>
    /// The first thing <paramref name="match"/> finds in <paramref name="field"/> or in a field it
    /// is made of; <paramref name="match"/> gets the field, its path from the message's field
    /// (<c>Inner.Handle</c>) and whether it is nested in that field.
    /// </summary>
    public static T? First<T>(IFieldSymbol field, Func<IFieldSymbol, string, bool, T?> match)
        where T : struct =>
        First(field, Name(field), 0, match);

    private static T? First<T>(IFieldSymbol field, string path, int depth, Func<IFieldSymbol, string, bool, T?> match)
        where T : struct
    {
        // A fixed buffer's element is a primitive, never a struct; deeper than MaxDepth is a cycle.
        if (field.IsFixedSizeBuffer || depth > Nesting.MaxDepth)
        {
            return null;
        }

        if (match(field, path, depth > 0) is { } found)
        {
            return found;
        }

        if (field.Type is not INamedTypeSymbol { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None } named)
        {
            return null;
        }

        foreach (var inner in MessageTargetValidator.InstanceFields(named))
        {
            if (First(inner, path + "." + Name(inner), depth + 1, match) is { } deeper)
            {
                return deeper;
            }
        }

        return null;
    }
}
