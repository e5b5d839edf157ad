namespace KernelConnector;

/// <summary>Why the kernel connector cannot be used.</summary>
public enum ConnectorUnavailableReason
{
    /// <summary>Not Linux: netlink exists only there.</summary>
    NotLinux,

    /// <summary>The kernel has no connector (<c>CONFIG_CONNECTOR</c> off) or no netlink.</summary>
    NoConnector,

    /// <summary>The kernel refused for lack of privilege.</summary>
    PermissionDenied,

    /// <summary>Another error; see <see cref="ConnectorUnavailableException.ErrorCode"/>.</summary>
    Other,
}
