using KernelConnector.Generators.Common;
using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.Parsing;

/// <summary>The arguments of a <c>[ConnectorMessage]</c> attribute, read defensively: broken code yields <see langword="null"/>.</summary>
internal sealed record ConnectorAttributeValues(uint Idx, uint Val, uint Group, bool GroupSet, int MaxTrailingBytes, bool UnicastOnly, int Direction)
{
    public const int DirectionBoth = 0;
    public const int DirectionSendOnly = 1;
    public const int DirectionReceiveOnly = 2;

    public static ConnectorAttributeValues? Read(AttributeData attribute)
    {
        if (attribute.ConstructorArguments.Length != 2
            || attribute.ConstructorArguments[0].Value is not uint idx
            || attribute.ConstructorArguments[1].Value is not uint val)
        {
            return null;
        }

        uint group = idx;
        var groupSet = false;
        var maxTrailing = 0;
        var unicastOnly = false;
        var direction = DirectionBoth;
        foreach (var named in attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "Group" when named.Value.Value is uint g:
                    group = g;
                    groupSet = true;
                    break;
                case "MaxTrailingBytes" when named.Value.Value is int t:
                    maxTrailing = t;
                    break;
                case "UnicastOnly" when named.Value.Value is bool u:
                    unicastOnly = u;
                    break;
                case "Direction" when named.Value.Value is int d:
                    direction = d;
                    break;
            }
        }

        return new ConnectorAttributeValues(idx, val, group, groupSet, maxTrailing, unicastOnly, direction);
    }

    /// <summary>The <c>[ConnectorMessage]</c> of a type, from source or from metadata.</summary>
    public static AttributeData? Find(ITypeSymbol type, KnownSymbols known) => KnownSymbols.Find(type, known.ConnectorMessageAttribute);

    /// <summary>The <c>[ConnectorMessage]</c> values of a type, or <see langword="null"/> when it has none or they are broken.</summary>
    public static ConnectorAttributeValues? Of(ITypeSymbol type, KnownSymbols known) => Find(type, known) is { } attribute ? Read(attribute) : null;
}
