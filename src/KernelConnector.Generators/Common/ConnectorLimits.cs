using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.Common;

/// <summary>
/// The kernel's limits as the referenced KernelConnector runtime states them (<c>Connector</c> and
/// <c>Netlink</c> constants), so that the analyzers check against the very numbers the runtime
/// enforces instead of writing them a second time.
/// </summary>
internal sealed record ConnectorLimits(int MaxPayloadSize, int MaxMessageSize, int HeaderSize, uint MaxGroup)
{
    /// <summary>The limits, or <see langword="null"/> when the compilation has no runtime that states them.</summary>
    public static ConnectorLimits? Read(Compilation compilation)
    {
        var connector = compilation.GetTypeByMetadataName(KnownNames.ConnectorConstants);
        var netlink = compilation.GetTypeByMetadataName(KnownNames.NetlinkConstants);
        return Constant(connector, "MaxPayloadSize") is int payload
            && Constant(connector, "MaxMessageSize") is int message
            && Constant(connector, "HeaderSize") is int header
            && Constant(netlink, "MaxGroup") is uint group
                ? new ConnectorLimits(payload, message, header, group)
                : null;
    }

    private static object? Constant(INamedTypeSymbol? type, string name)
    {
        if (type is null)
        {
            return null;
        }

        foreach (var member in type.GetMembers(name))
        {
            if (member is IFieldSymbol { HasConstantValue: true } field)
            {
                return field.ConstantValue;
            }
        }

        return null;
    }
}
