using System;
using System.Runtime.InteropServices;

namespace KernelConnector;

/// <summary>
/// One connector message found in a received datagram, not yet typed: its headers and a view of
/// its payload in the receive buffer. No copy.
/// </summary>
public readonly ref struct ReceivedConnectorMessage
{
    // The whole netlink message (nlmsghdr, cn_msg, payload), already checked against the bytes
    // received; header fields are read from it only when asked for.
    private readonly ReadOnlySpan<byte> _message;

    internal ReceivedConnectorMessage(ReadOnlySpan<byte> message, ReadOnlySpan<byte> payload, uint senderPortId)
    {
        _message = message;
        Payload = payload;
        SenderPortId = senderPortId;
    }

    /// <summary>The netlink header.</summary>
    public NetlinkMessageHeader Netlink => MemoryMarshal.Read<NetlinkMessageHeader>(_message);

    /// <summary>The <c>cn_msg</c> header.</summary>
    public ConnectorMessageHeader Header => MemoryMarshal.Read<ConnectorMessageHeader>(_message[KernelConnector.Netlink.HeaderSize..]);

    /// <summary><c>cn_msg.len</c> bytes of payload.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>
    /// The port id the datagram came from, as the kernel reported it on receive (0 = the kernel),
    /// not the <c>nlmsg_pid</c> the sender wrote into its header.
    /// </summary>
    public uint SenderPortId { get; }

    /// <summary>The callback id (<c>cn_msg.id</c>).</summary>
    public CbId Id => MemoryMarshal.Read<CbId>(_message[KernelConnector.Netlink.HeaderSize..]);

    /// <summary><c>cn_msg.seq</c>.</summary>
    public uint Seq => MemoryMarshal.Read<uint>(_message[(KernelConnector.Netlink.HeaderSize + 8)..]);

    /// <summary><c>cn_msg.ack</c>.</summary>
    public uint Ack => MemoryMarshal.Read<uint>(_message[(KernelConnector.Netlink.HeaderSize + 12)..]);

    /// <summary><c>cn_msg.flags</c>.</summary>
    public ushort Flags => MemoryMarshal.Read<ushort>(_message[(KernelConnector.Netlink.HeaderSize + 18)..]);
}

/// <summary>What became of one received connector message.</summary>
public enum DispatchResult
{
    /// <summary>A callback received it.</summary>
    Dispatched = 0,

    /// <summary>No callback is registered for its id.</summary>
    Unrouted,

    /// <summary>A callback exists, but the payload failed the message type's validation (size or field values).</summary>
    Invalid,
}

/// <summary>
/// Routes typed connector messages to callbacks. Implemented by <c>ConnectorRouter</c> and
/// by every handler class the generator completes.
/// </summary>
public interface IConnectorDispatcher
{
    /// <summary>Hands one message to its callback. Never throws for bad bytes; a callback's own exception propagates.</summary>
    DispatchResult Dispatch(in ReceivedConnectorMessage message);

    /// <summary>
    /// The <see cref="IConnectorMessage{TSelf}.SequenceKeyOffset"/> of the message type handled for
    /// <paramref name="id"/>: -1 when sequence numbers are counted per sender, or
    /// <see langword="null"/> when no type is handled for the id.
    /// </summary>
    int? GetSequenceKeyOffset(CbId id);
}
