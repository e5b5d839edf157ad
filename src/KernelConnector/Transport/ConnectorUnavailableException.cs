using System;

namespace KernelConnector;

/// <summary>
/// The kernel connector cannot be used here. <see cref="Reason"/> says why and the message says
/// what to do about it.
/// </summary>
public sealed class ConnectorUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConnectorUnavailableException(ConnectorUnavailableReason reason, string message, int errorCode = 0)
        : base(message)
    {
        Reason = reason;
        ErrorCode = errorCode;
    }

    /// <summary>Why the connector is unavailable.</summary>
    public ConnectorUnavailableReason Reason { get; }

    /// <summary>The errno the kernel answered with, or 0.</summary>
    public int ErrorCode { get; }
}

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
