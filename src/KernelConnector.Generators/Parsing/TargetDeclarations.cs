using System.Collections.Generic;
using System.Linq;
using KernelConnector.Generators.Common;
using KernelConnector.Generators.Model;
using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.Parsing;

/// <summary>Describes where a type's generated partial declaration goes.</summary>
internal static class TargetDeclarations
{
    public static TargetDeclaration Describe(INamedTypeSymbol type, string suffix)
    {
        var containing = new List<ContainingType>();
        var metadataNames = new List<string> { type.MetadataName };
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, new ContainingType(Keyword(outer), NameWithTypeParameters(outer)));
            metadataNames.Insert(0, outer.MetadataName);
        }

        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
        var hint = (ns.Length > 0 ? ns + "." : "") + string.Join(".", metadataNames);
        return new TargetDeclaration(
            ns,
            containing.ToEquatableArray(),
            Keyword(type),
            NameWithTypeParameters(type),
            hint.Replace('`', '_').Replace('<', '_').Replace('>', '_') + "." + suffix + ".g.cs",
            type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat));
    }

    public static string Keyword(INamedTypeSymbol type) => type.TypeKind switch
    {
        TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
        TypeKind.Interface => "interface",
        _ => type.IsRecord ? "record" : "class",
    };

    private static string NameWithTypeParameters(INamedTypeSymbol type) =>
        type.TypeParameters.Length == 0 ? type.Name : type.Name + "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";
}
