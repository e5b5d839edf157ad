using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelConnector.Generators.Validation;

/// <summary>
/// The one place that decides whether a <c>[ConnectorMessage]</c> struct can be generated for.
/// The generator skips a target with any problem; the analyzers report the same problems, so the
/// user learns why nothing was generated.
/// </summary>
internal static class MessageTargetValidator
{
    public static ImmutableArray<TargetProblem> Validate(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var problems = ImmutableArray.CreateBuilder<TargetProblem>();
        var location = type.Locations.FirstOrDefault();

        if (type.IsRefLikeType)
        {
            problems.Add(new TargetProblem(TargetProblemKind.RefStruct, type.Name, "ref struct", location));
        }

        if (!IsPartial(type, cancellationToken))
        {
            problems.Add(new TargetProblem(TargetProblemKind.NotPartial, type.Name, "", location));
        }

        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!IsPartial(outer, cancellationToken))
            {
                problems.Add(new TargetProblem(TargetProblemKind.ContainingTypeNotPartial, outer.Name, type.Name, location));
            }
        }

        if (type.TypeParameters.Length > 0)
        {
            problems.Add(new TargetProblem(TargetProblemKind.GenericMessage, type.Name, "", location));
        }

        if (GetLayoutKind(type) == LayoutKind.Auto)
        {
            problems.Add(new TargetProblem(TargetProblemKind.AutoLayout, type.Name, "", location));
        }

        if (ConnectorAttributeValues.Find(type) is { } attribute
            && ConnectorAttributeValues.Read(attribute) is { MaxTrailingBytes: < 0 } values)
        {
            problems.Add(new TargetProblem(
                TargetProblemKind.NegativeTrailingBytes,
                type.Name,
                values.MaxTrailingBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                location));
        }

        foreach (var field in InstanceFields(type))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (FindFieldWithoutFixedLayout(field.Type, field.Name, 0) is { } bad)
            {
                problems.Add(new TargetProblem(
                    TargetProblemKind.FieldWithoutFixedLayout,
                    bad.Path,
                    bad.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                    field.Locations.FirstOrDefault() ?? location));
            }
        }

        return problems.ToImmutable();
    }

    /// <summary>The instance fields that make up a struct's bytes, in declaration order.</summary>
    public static IEnumerable<IFieldSymbol> InstanceFields(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst);

    /// <summary>The layout a struct declares; <see cref="LayoutKind.Sequential"/> when it says nothing, as C# does.</summary>
    public static LayoutKind GetLayoutKind(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == KnownNames.StructLayoutAttribute
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is int kind)
            {
                return (LayoutKind)kind;
            }
        }

        return KnownAutoLayout(type) ? LayoutKind.Auto : LayoutKind.Sequential;
    }

    /// <summary>Whether the type is an inline array, and of what length.</summary>
    public static bool TryGetInlineArrayLength(ITypeSymbol type, out int length)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == KnownNames.InlineArrayAttribute
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is int n)
            {
                length = n;
                return true;
            }
        }

        length = 0;
        return false;
    }

    private static (string Path, ITypeSymbol Type)? FindFieldWithoutFixedLayout(ITypeSymbol type, string path, int depth)
    {
        if (depth > Nesting.MaxDepth || type.TypeKind == TypeKind.Error)
        {
            // Error types are the compiler's to report; cycles are reported by the compiler too (CS0523).
            return null;
        }

        if (type.IsReferenceType || type.TypeKind is TypeKind.TypeParameter or TypeKind.Dynamic)
        {
            return (path, type);
        }

        if (type.SpecialType is SpecialType.System_Decimal or SpecialType.System_DateTime)
        {
            return (path, type);
        }

        if (type is IPointerTypeSymbol or IFunctionPointerTypeSymbol || type.TypeKind == TypeKind.Enum || type.SpecialType != SpecialType.None)
        {
            return null;
        }

        if (type is not INamedTypeSymbol named || GetLayoutKind(named) == LayoutKind.Auto)
        {
            return (path, type);
        }

        if (named.IsGenericType && named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return (path, type);
        }

        foreach (var field in InstanceFields(named))
        {
            var inner = field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol pointer ? pointer.PointedAtType : field.Type;
            if (FindFieldWithoutFixedLayout(inner, path + "." + field.Name, depth + 1) is { } bad)
            {
                return bad;
            }
        }

        return null;
    }

    // The runtime lays these out as it likes (LayoutKind.Auto), or they have no C equivalent.
    // Metadata does not expose a type's layout through Roslyn's public API, hence a list.
    private static bool KnownAutoLayout(INamedTypeSymbol type)
    {
        var name = type.OriginalDefinition.ToDisplayString();
        return name is "System.DateTime" or "System.DateTimeOffset" or "System.Decimal"
            || (type.ContainingNamespace?.ToDisplayString() == "System" && type.Name == "ValueTuple")
            || name.StartsWith("System.Collections.Generic.KeyValuePair", System.StringComparison.Ordinal);
    }

    /// <summary>Whether any declaration of <paramref name="type"/> says <c>partial</c>; used by the generator and every analyzer.</summary>
    public static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (type.DeclaringSyntaxReferences.Length == 0)
        {
            return false;
        }

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                && declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return true;
            }
        }

        return false;
    }
}
