namespace KernelConnector;

/// <summary>Where a connector message goes: the kernel, a multicast group, or one socket's port id.</summary>
public readonly record struct ConnectorAddress
{
    private ConnectorAddress(ConnectorAddressKind kind, uint value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>What kind of destination this is.</summary>
    public ConnectorAddressKind Kind { get; }

    /// <summary>The group number or port id; 0 for the kernel.</summary>
    public uint Value { get; }

    /// <summary>The kernel (port id 0), where in-kernel connector callbacks receive messages.</summary>
    public static ConnectorAddress Kernel => new(ConnectorAddressKind.Kernel, 0);

    /// <summary>Every socket that joined <paramref name="group"/> (1 to 32).</summary>
    public static ConnectorAddress Group(uint group) => new(ConnectorAddressKind.Group, group);

    /// <summary>The one socket bound to <paramref name="portId"/>.</summary>
    public static ConnectorAddress Port(uint portId) => portId == 0 ? Kernel : new(ConnectorAddressKind.Port, portId);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ConnectorAddressKind.Kernel => "kernel",
        ConnectorAddressKind.Group => $"group {Value}",
        _ => $"port {Value}",
    };
}
