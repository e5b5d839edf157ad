namespace KernelConnector;

/// <summary>How a loss was detected.</summary>
public enum ConnectorLossKind
{
    /// <summary>The socket's receive queue overflowed (<c>ENOBUFS</c>); an unknown number of messages were dropped.</summary>
    Overrun,

    /// <summary>A sender's sequence numbers skipped.</summary>
    SequenceGap,
}
