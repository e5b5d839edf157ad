using System;

namespace KernelConnector;

/// <summary>
/// One connector message found in a received datagram, not yet typed: its headers and a view of
/// its payload in the receive buffer. No copy.
/// </summary>
public readonly ref struct ReceivedConnectorMessage
{
    /// <summary>Creates a view over a message whose headers were checked against the received bytes.</summary>
    public ReceivedConnectorMessage(scoped in NetlinkMessageHeader netlink, scoped in ConnectorMessageHeader header, ReadOnlySpan<byte> payload, uint senderPortId)
    {
        Netlink = netlink;
        Header = header;
        Payload = payload;
        SenderPortId = senderPortId;
    }

    /// <summary>The netlink header.</summary>
    public NetlinkMessageHeader Netlink { get; }

    /// <summary>The <c>cn_msg</c> header.</summary>
    public ConnectorMessageHeader Header { get; }

    /// <summary><c>cn_msg.len</c> bytes of payload.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>
    /// The port id the datagram came from, as the kernel reported it on receive (0 = the kernel),
    /// not the <c>nlmsg_pid</c> the sender wrote into its header.
    /// </summary>
    public uint SenderPortId { get; }

    /// <summary>The callback id.</summary>
    public CbId Id => Header.Id;
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
