using System;
using System.Runtime.InteropServices;

namespace KernelConnector.Wire;

/// <summary>
/// Writes connector datagrams: <c>nlmsghdr</c> + <c>cn_msg</c> + payload, straight into the
/// caller's buffer, with the lengths the kernel's <c>NLMSG_*</c> macros compute.
/// </summary>
public static class ConnectorDatagram
{
    /// <summary>
    /// The bytes a datagram with <paramref name="payloadLength"/> bytes of payload occupies:
    /// <c>NLMSG_LENGTH(sizeof(struct cn_msg) + len)</c>, the <c>nlmsg_len</c> the kernel itself writes.
    /// </summary>
    public static int GetDatagramLength(int payloadLength) => Connector.PayloadOffset + payloadLength;

    /// <summary>
    /// Writes a datagram carrying <paramref name="payload"/> and returns the number of bytes to send.
    /// </summary>
    /// <exception cref="ConnectorMessageSizeException">The payload exceeds the kernel's limit or the destination. Nothing is written.</exception>
    public static int Write(
        Span<byte> destination,
        CbId id,
        uint seq,
        uint ack,
        ReadOnlySpan<byte> payload,
        ushort flags = 0,
        uint netlinkPortId = 0,
        uint netlinkSeq = 0)
    {
        var length = CheckSize(payload.Length, destination.Length);
        WriteHeaders(destination, id, seq, ack, payload.Length, flags, netlinkPortId, netlinkSeq);
        payload.CopyTo(destination[Connector.PayloadOffset..]);
        return length;
    }

    /// <summary>
    /// Writes a datagram carrying <paramref name="message"/> and <paramref name="trailing"/>; the
    /// message type writes its payload in place, after the headers, with no intermediate copy.
    /// Returns the number of bytes to send.
    /// </summary>
    /// <exception cref="ConnectorMessageSizeException">The trailing data or the total exceeds a limit, or the destination is too small. Nothing is written.</exception>
    public static int Write<T>(
        Span<byte> destination,
        in T message,
        ReadOnlySpan<byte> trailing,
        uint seq,
        uint ack,
        ushort flags = 0,
        uint netlinkPortId = 0,
        uint netlinkSeq = 0)
        where T : unmanaged, IConnectorMessage<T>
    {
        CheckTrailing<T>(trailing.Length);
        var payloadLength = T.Size + trailing.Length;
        var length = CheckSize(payloadLength, destination.Length);
        var written = T.Write(in message, trailing, destination[Connector.PayloadOffset..]);
        WriteHeaders(destination, T.Id, seq, ack, written, flags, netlinkPortId, netlinkSeq);
        return length;
    }

    /// <summary>Refuses trailing data a message type does not allow, before anything is written.</summary>
    internal static void CheckTrailing<T>(int trailingLength)
        where T : unmanaged, IConnectorMessage<T>
    {
        if (trailingLength > T.MaxTrailingBytes)
        {
            throw new ConnectorMessageSizeException(
                $"{typeof(T).Name} allows at most {T.MaxTrailingBytes} trailing bytes, but {trailingLength} were given.",
                trailingLength,
                T.MaxTrailingBytes,
                "trailing");
        }
    }

    private static int CheckSize(int payloadLength, int destinationLength)
    {
        if (payloadLength > Connector.MaxPayloadSize)
        {
            throw new ConnectorMessageSizeException(
                $"A connector payload of {payloadLength} bytes exceeds the kernel's limit of {Connector.MaxPayloadSize} bytes " +
                $"(CONNECTOR_MAX_MSG_SIZE {Connector.MaxMessageSize} minus the {Connector.HeaderSize}-byte cn_msg); the kernel would drop it.",
                payloadLength,
                Connector.MaxPayloadSize,
                "payload");
        }

        var length = GetDatagramLength(payloadLength);
        if (length > destinationLength)
        {
            throw new ConnectorMessageSizeException(
                $"A datagram with a {payloadLength}-byte payload needs {length} bytes, but the destination has {destinationLength}.",
                length,
                destinationLength,
                "destination");
        }

        return length;
    }

    private static void WriteHeaders(Span<byte> destination, CbId id, uint seq, uint ack, int payloadLength, ushort flags, uint netlinkPortId, uint netlinkSeq)
    {
        var netlink = new NetlinkMessageHeader
        {
            Length = (uint)GetDatagramLength(payloadLength),
            // The connector sends with NLMSG_DONE and so does its documented userspace sample.
            Type = Netlink.Done,
            Flags = 0,
            Seq = netlinkSeq,
            PortId = netlinkPortId,
        };
        var connector = new ConnectorMessageHeader
        {
            Id = id,
            Seq = seq,
            Ack = ack,
            Length = (ushort)payloadLength,
            Flags = flags,
        };
        MemoryMarshal.Write(destination, in netlink);
        MemoryMarshal.Write(destination[Netlink.HeaderSize..], in connector);
    }
}
