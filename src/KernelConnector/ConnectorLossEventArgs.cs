using System;

namespace KernelConnector;

/// <summary>Reports that messages were, or may have been, lost.</summary>
public sealed class ConnectorLossEventArgs : EventArgs
{
    /// <summary>Creates the report.</summary>
    public ConnectorLossEventArgs(ConnectorLossKind kind, long count, uint senderPortId = 0, CbId id = default, uint sequenceKey = 0)
    {
        Kind = kind;
        Count = count;
        SenderPortId = senderPortId;
        Id = id;
        SequenceKey = sequenceKey;
    }

    /// <summary>How the loss was detected.</summary>
    public ConnectorLossKind Kind { get; }

    /// <summary>How many messages are known to be missing; 0 when unknown (an overrun).</summary>
    public long Count { get; }

    /// <summary>The sender whose sequence has the gap.</summary>
    public uint SenderPortId { get; }

    /// <summary>The id of the message type whose sequence has the gap.</summary>
    public CbId Id { get; }

    /// <summary>The value of the <see cref="SequenceKeyAttribute"/> field (the CPU, for process events).</summary>
    public uint SequenceKey { get; }
}

/// <summary>How a loss was detected.</summary>
public enum ConnectorLossKind
{
    /// <summary>The socket's receive queue overflowed (<c>ENOBUFS</c>); an unknown number of messages were dropped.</summary>
    Overrun,

    /// <summary>A sender's sequence numbers skipped.</summary>
    SequenceGap,
}

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
