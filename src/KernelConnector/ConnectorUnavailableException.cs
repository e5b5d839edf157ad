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
