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
