using System;

namespace KernelConnector;

/// <summary>
/// A received connector message as handed to a callback: the typed payload, read in place from
/// the receive buffer, its trailing bytes, and the fields of its <c>cn_msg</c> header. Valid only
/// for the duration of the callback.
/// </summary>
public readonly ref struct ConnectorMessage<T> where T : unmanaged, IConnectorMessage<T>
{
    private readonly ref readonly T _value;

    /// <summary>Creates a message over a payload that has already been validated.</summary>
    public ConnectorMessage(ref readonly T value, ReadOnlySpan<byte> trailing, uint seq, uint ack, ushort flags, uint portId)
    {
        _value = ref value;
        Trailing = trailing;
        Seq = seq;
        Ack = ack;
        Flags = flags;
        PortId = portId;
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

    /// <summary>The sender's netlink port id; 0 is the kernel.</summary>
    public uint PortId { get; }

    /// <summary>The message's callback id.</summary>
    public CbId Id => T.Id;
}
