using System;

namespace KernelConnector;

/// <summary>Reports an exception a callback threw; the receive loop goes on unless the handler says otherwise.</summary>
public sealed class ConnectorCallbackErrorEventArgs : EventArgs
{
    /// <summary>Creates the report.</summary>
    public ConnectorCallbackErrorEventArgs(CbId id, Exception exception)
    {
        Id = id;
        Exception = exception;
    }

    /// <summary>The id of the message whose callback threw.</summary>
    public CbId Id { get; }

    /// <summary>What it threw.</summary>
    public Exception Exception { get; }

    /// <summary>Set to <see langword="true"/> to end the receive loop with this exception.</summary>
    public bool Stop { get; set; }
}
