using System.Linq;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelConnector.Generators.Diagnostics;

/// <summary>A <c>[ConnectorMessage]</c> struct as the message analyzers see it.</summary>
internal sealed class MessageTarget
{
    private MessageTarget(INamedTypeSymbol type, AttributeData attribute, KnownSymbols known, Location location)
    {
        Type = type;
        Attribute = attribute;
        Known = known;
        Location = location;
        Values = ConnectorAttributeValues.Read(attribute);
    }

    public INamedTypeSymbol Type { get; }

    public AttributeData Attribute { get; }

    public KnownSymbols Known { get; }

    /// <summary>The attribute's arguments, or <see langword="null"/> when they are broken (the compiler says why).</summary>
    public ConnectorAttributeValues? Values { get; }

    /// <summary>
    /// Where a diagnostic about the whole struct goes: the name in the declaration that carries
    /// <c>[ConnectorMessage]</c> (a partial struct may have other declarations, in other files).
    /// </summary>
    public Location Location { get; }

    /// <summary>The target, if <paramref name="symbol"/> is a struct with <c>[ConnectorMessage]</c>.</summary>
    public static MessageTarget? Of(ISymbol symbol, KnownSymbols known, System.Threading.CancellationToken cancellationToken)
    {
        if (symbol is not INamedTypeSymbol { TypeKind: TypeKind.Struct } type
            || ConnectorAttributeValues.Find(type, known) is not { } attribute)
        {
            return null;
        }

        return new MessageTarget(type, attribute, known, NameLocation(type, attribute, cancellationToken));
    }

    /// <summary>The name of <paramref name="type"/> in the declaration that carries <paramref name="attribute"/>.</summary>
    public static Location NameLocation(INamedTypeSymbol type, AttributeData attribute, System.Threading.CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } declaration
            ? declaration.Identifier.GetLocation()
            : type.Locations.FirstOrDefault() ?? Location.None;
}
