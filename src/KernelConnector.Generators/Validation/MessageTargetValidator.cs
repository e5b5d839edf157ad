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
/// user learns why nothing was generated. The checks are grouped by concern, as the analyzers
/// that report them are (the declaration, the layout, the attribute's arguments).
/// </summary>
/// <remarks>
/// A problem about the whole struct has no location: the analyzer puts it on the struct's name in
/// the declaration that carries the attribute. A problem about a field is on that field.
/// </remarks>
internal static class MessageTargetValidator
{
    /// <summary>Every problem: what the generator checks before it generates.</summary>
    public static ImmutableArray<TargetProblem> Validate(INamedTypeSymbol type, KnownSymbols known, CancellationToken cancellationToken) =>
    [
        .. ValidateDeclaration(type, cancellationToken),
        .. ValidateLayout(type, known, cancellationToken),
        .. ValidateArguments(type, known),
    ];

    /// <summary>What the declaration must be: a partial, non-generic, non-ref struct in partial types.</summary>
    public static ImmutableArray<TargetProblem> ValidateDeclaration(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var problems = ImmutableArray.CreateBuilder<TargetProblem>();
        if (type.IsRefLikeType)
        {
            problems.Add(new TargetProblem(TargetProblemKind.RefStruct, type.Name, "ref struct", null));
        }

        if (!IsPartial(type, cancellationToken))
        {
            problems.Add(new TargetProblem(TargetProblemKind.NotPartial, type.Name, "", null));
        }

        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!IsPartial(outer, cancellationToken))
            {
                problems.Add(new TargetProblem(TargetProblemKind.ContainingTypeNotPartial, outer.Name, type.Name, null));
            }
        }

        if (type.TypeParameters.Length > 0)
        {
            problems.Add(new TargetProblem(TargetProblemKind.GenericMessage, type.Name, "", null));
        }

        return problems.ToImmutable();
    }

    /// <summary>What the bytes must be: a fixed layout, at any depth.</summary>
    public static ImmutableArray<TargetProblem> ValidateLayout(INamedTypeSymbol type, KnownSymbols known, CancellationToken cancellationToken)
    {
        var problems = ImmutableArray.CreateBuilder<TargetProblem>();
        if (GetLayoutKind(type, known) == LayoutKind.Auto)
        {
            problems.Add(new TargetProblem(TargetProblemKind.AutoLayout, type.Name, "", null));
        }

        foreach (var field in InstanceFields(type))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (FindFieldWithoutFixedLayout(field.Type, field.Name, known, 0) is { } bad)
            {
                problems.Add(new TargetProblem(
                    TargetProblemKind.FieldWithoutFixedLayout,
                    bad.Path,
                    bad.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                    field.Locations.FirstOrDefault()));
            }
        }

        return problems.ToImmutable();
    }

    /// <summary>What the attribute's arguments must be for a type the generator can complete.</summary>
    public static ImmutableArray<TargetProblem> ValidateArguments(INamedTypeSymbol type, KnownSymbols known) =>
        ConnectorAttributeValues.Of(type, known) is { MaxTrailingBytes: < 0 } values
            ? [new TargetProblem(TargetProblemKind.NegativeTrailingBytes, type.Name, values.MaxTrailingBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), null)]
            : [];

    /// <summary>The instance fields that make up a struct's bytes, in declaration order.</summary>
    public static IEnumerable<IFieldSymbol> InstanceFields(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst);

    /// <summary>The layout a struct declares; <see cref="LayoutKind.Sequential"/> when it says nothing, as C# does.</summary>
    public static LayoutKind GetLayoutKind(INamedTypeSymbol type, KnownSymbols known)
    {
        if (KnownSymbols.Find(type, known.StructLayoutAttribute) is { ConstructorArguments: [{ Value: int kind }] })
        {
            return (LayoutKind)kind;
        }

        return KnownAutoLayout(type, known) ? LayoutKind.Auto : LayoutKind.Sequential;
    }

    /// <summary>Whether the type is an inline array, and of what length.</summary>
    public static bool TryGetInlineArrayLength(ITypeSymbol type, KnownSymbols known, out int length)
    {
        if (KnownSymbols.Find(type, known.InlineArrayAttribute) is { ConstructorArguments: [{ Value: int n }] })
        {
            length = n;
            return true;
        }

        length = 0;
        return false;
    }

    private static (string Path, ITypeSymbol Type)? FindFieldWithoutFixedLayout(ITypeSymbol type, string path, KnownSymbols known, int depth)
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

        if (type is not INamedTypeSymbol named || GetLayoutKind(named, known) == LayoutKind.Auto)
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
            if (FindFieldWithoutFixedLayout(inner, path + "." + field.Name, known, depth + 1) is { } bad)
            {
                return bad;
            }
        }

        return null;
    }

    // The runtime lays these out as it likes (LayoutKind.Auto), or they have no C equivalent.
    // Metadata does not expose a type's layout through Roslyn's public API, hence a list.
    private static bool KnownAutoLayout(INamedTypeSymbol type, KnownSymbols known) =>
        type.SpecialType is SpecialType.System_DateTime or SpecialType.System_Decimal
        || type.IsTupleType
        || (type.Name == "ValueTuple" && type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true })
        || KnownSymbols.IsDefinition(type, known.DateTimeOffset)
        || KnownSymbols.IsDefinition(type, known.KeyValuePair);

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
