using System;
using System.Runtime.InteropServices;

namespace KernelConnector;

/// <summary>
/// Walks every netlink message of a received datagram and hands out each connector message as a
/// view into the buffer. Every header is checked against the bytes actually received; malformed
/// input yields a countable <see cref="DatagramStatus"/>, never an exception and never a read
/// outside the buffer.
/// </summary>
public ref struct ConnectorDatagramReader
{
    private readonly ReadOnlySpan<byte> _datagram;
    private readonly uint _senderPortId;
    private int _offset;
    private bool _stopped;

    /// <summary>Reads <paramref name="datagram"/>, received from <paramref name="senderPortId"/> (0 = the kernel).</summary>
    public ConnectorDatagramReader(ReadOnlySpan<byte> datagram, uint senderPortId)
    {
        _datagram = datagram;
        _senderPortId = senderPortId;
        _offset = 0;
        _stopped = false;
        ErrorCode = 0;
    }

    /// <summary>The (negative errno) error of the last <see cref="DatagramStatus.NetlinkError"/> read; 0 for an acknowledgement.</summary>
    public int ErrorCode { get; private set; }

    /// <summary>
    /// Reads the next netlink message. Returns <see langword="false"/> at the end of the datagram.
    /// When it returns <see langword="true"/>, <paramref name="status"/> says what was found:
    /// <see cref="DatagramStatus.Message"/> with a valid <paramref name="message"/>, or a malformed
    /// or control item (and a default <paramref name="message"/>) for the caller to count.
    /// </summary>
    public bool Read(out ReceivedConnectorMessage message, out DatagramStatus status)
    {
        message = default;
        status = DatagramStatus.Message;
        if (_stopped || _offset >= _datagram.Length)
        {
            return false;
        }

        var rest = _datagram[_offset..];
        if (rest.Length < Netlink.HeaderSize)
        {
            return Stop(out status, DatagramStatus.ShortNetlinkHeader);
        }

        var length = MemoryMarshal.Read<uint>(rest);
        if (length < Netlink.HeaderSize)
        {
            return Stop(out status, DatagramStatus.NetlinkLengthTooSmall);
        }

        if (length > (uint)rest.Length)
        {
            return Stop(out status, DatagramStatus.NetlinkLengthPastEnd);
        }

        var next = (long)_offset + Netlink.Align((int)length);
        _offset = next >= _datagram.Length ? _datagram.Length : (int)next;

        switch (MemoryMarshal.Read<ushort>(rest[4..]))
        {
            case Netlink.Noop:
                status = DatagramStatus.NetlinkNoop;
                return true;
            case Netlink.Error:
                ErrorCode = length >= Netlink.HeaderSize + sizeof(int) ? MemoryMarshal.Read<int>(rest[Netlink.HeaderSize..]) : 0;
                status = DatagramStatus.NetlinkError;
                return true;
            case Netlink.Overrun:
                status = DatagramStatus.NetlinkOverrun;
                return true;
        }

        // Any other type, NLMSG_DONE included, carries a cn_msg: the connector sends with DONE.
        if (length < Connector.PayloadOffset)
        {
            status = DatagramStatus.ShortConnectorHeader;
            return true;
        }

        // cn_msg.len, a u16 at offset 16 of cn_msg.
        var payloadLength = MemoryMarshal.Read<ushort>(rest[(Netlink.HeaderSize + 16)..]);
        if (Connector.PayloadOffset + payloadLength > length)
        {
            status = DatagramStatus.ConnectorLengthPastMessage;
            return true;
        }

        message = new ReceivedConnectorMessage(rest[..(int)length], rest.Slice(Connector.PayloadOffset, payloadLength), _senderPortId);
        return true;
    }

    private bool Stop(out DatagramStatus status, DatagramStatus reason)
    {
        _stopped = true;
        status = reason;
        return true;
    }
}
