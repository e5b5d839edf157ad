using System;

namespace KernelConnector;

/// <summary>Received bytes do not form a valid message of the expected type.</summary>
public sealed class ConnectorFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public ConnectorFormatException(ConnectorReadStatus status, string message) : base(message) => Status = status;

    /// <summary>What was wrong with the bytes.</summary>
    public ConnectorReadStatus Status { get; }

}
