using System;

namespace KernelConnector.Testing;

/// <summary>Lets a kernel-side callback answer the message it received, from port 0.</summary>
public readonly struct KernelReplyContext
{
    private readonly InMemoryConnector _connector;

    internal KernelReplyContext(InMemoryConnector connector, uint senderPortId, uint seq, uint ack)
    {
        _connector = connector;
        SenderPortId = senderPortId;
        Seq = seq;
        Ack = ack;
    }

    /// <summary>The port the message came from.</summary>
    public uint SenderPortId { get; }

    /// <summary>The message's seq.</summary>
    public uint Seq { get; }

    /// <summary>The message's ack.</summary>
    public uint Ack { get; }

    /// <summary>Answers with the connector protocol: the request's seq and its ack + 1, to the sender's port.</summary>
    public void Reply<T>(in T message, ReadOnlySpan<byte> trailing = default)
        where T : unmanaged, IConnectorMessage<T> =>
        _connector.SendFromKernel(in message, ConnectorAddress.Port(SenderPortId), Seq, unchecked(Ack + 1), trailing);

    /// <summary>Answers with an ack + 1 but a seq of the kernel's choosing, as the process-event connector does.</summary>
    public void Reply<T>(in T message, ConnectorAddress to, uint seq, ReadOnlySpan<byte> trailing = default)
        where T : unmanaged, IConnectorMessage<T> =>
        _connector.SendFromKernel(in message, to, seq, unchecked(Ack + 1), trailing);
}
