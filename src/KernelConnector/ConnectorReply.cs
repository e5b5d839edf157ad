namespace KernelConnector;

/// <summary>The reply to a request: a copy of the message, safe to keep after the receive buffer is reused.</summary>
public sealed record ConnectorReply<T>(T Value, byte[] Trailing, uint Seq, uint Ack, ushort Flags, uint SenderPortId)
    where T : unmanaged, IConnectorMessage<T>;
