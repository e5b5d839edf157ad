namespace KernelConnector;

/// <summary>The kinds of <see cref="ConnectorAddress"/>.</summary>
public enum ConnectorAddressKind
{
    /// <summary>The kernel, port id 0.</summary>
    Kernel,

    /// <summary>A multicast group.</summary>
    Group,

    /// <summary>A socket's port id.</summary>
    Port,
}
