using System;

namespace KernelConnector;

/// <summary>
/// A received connector message as handed to a callback: the typed payload, read in place from
/// the receive buffer, its trailing bytes, and the fields of its <c>cn_msg</c> header. Valid only
/// for the duration of the callback.
/// </summary>
public readonly ref struct ReceivedConnectorMessage<T> where T : unmanaged, IConnectorMessage<T>
{
    private readonly ref readonly T _value;

    /// <summary>Creates a message over a payload that has already been validated.</summary>
    public ReceivedConnectorMessage(ref readonly T value, ReadOnlySpan<byte> trailing, uint seq, uint ack, ushort flags, uint senderPortId)
    {
        _value = ref value;
        Trailing = trailing;
        Seq = seq;
        Ack = ack;
        Flags = flags;
        SenderPortId = senderPortId;
    }

    /// <summary>The fixed part of the payload, in place in the receive buffer.</summary>
    public ref readonly T Value => ref _value;

    /// <summary>The variable-length bytes that follow the fixed part.</summary>
    public ReadOnlySpan<byte> Trailing { get; }

    /// <summary>The sender's <c>cn_msg.seq</c>.</summary>
    public uint Seq { get; }

    /// <summary>The sender's <c>cn_msg.ack</c>.</summary>
    public uint Ack { get; }

    /// <summary><c>cn_msg.flags</c>.</summary>
    public ushort Flags { get; }

    /// <summary>
    /// The port id the message came from (0 = the kernel), as the kernel reported it on receive;
    /// not this endpoint's own <see cref="IConnectorEndpoint.PortId"/>.
    /// </summary>
    public uint SenderPortId { get; }

    /// <summary>The message's callback id.</summary>
    public CbId Id => T.Id;
}
