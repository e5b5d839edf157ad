using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KernelConnector.Protocol;

namespace KernelConnector.Wire;

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
    private readonly ReceiveSession? _session;
    private uint _offset; // may pass the end by the last message's padding; see Read

    /// <summary>Reads <paramref name="datagram"/>, received from <paramref name="senderPortId"/> (0 = the kernel).</summary>
    public ConnectorDatagramReader(ReadOnlySpan<byte> datagram, uint senderPortId)
        : this(datagram, senderPortId, null)
    {
    }

    /// <summary>Reads a datagram an endpoint received; its messages carry the endpoint's session.</summary>
    internal ConnectorDatagramReader(ReadOnlySpan<byte> datagram, uint senderPortId, ReceiveSession? session)
    {
        _datagram = datagram;
        _senderPortId = senderPortId;
        _session = session;
        _offset = 0;
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Read(out ReceivedConnectorMessage message, out DatagramStatus status)
    {
        // Each path sets its own outputs, so that the path of a valid message sets no defaults
        // it then overwrites. The offset may pass the end by the last message's padding (at
        // most 3 bytes): 'remaining' is then negative and the walk ends.
        var remaining = (int)((uint)_datagram.Length - _offset);
        if (remaining <= 0)
        {
            message = default;
            status = DatagramStatus.Message;
            return false;
        }

        // 0 <= _offset < _datagram.Length here, and every read below is checked against
        // 'remaining' first: the reads themselves need no further bounds checks.
        ref readonly var start = ref Unsafe.Add(ref MemoryMarshal.GetReference(_datagram), (nuint)_offset);
        if (remaining < Netlink.HeaderSize)
        {
            return Stop(out message, out status, DatagramStatus.ShortNetlinkHeader);
        }

        var length = Unsafe.ReadUnaligned<uint>(in start);
        if (length < Netlink.HeaderSize)
        {
            return Stop(out message, out status, DatagramStatus.NetlinkLengthTooSmall);
        }

        if (length > (uint)remaining)
        {
            return Stop(out message, out status, DatagramStatus.NetlinkLengthPastEnd);
        }

        // Unsigned: _offset + length <= _datagram.Length <= int.MaxValue here, so rounding up to
        // the alignment cannot wrap, and the offset stays one 32-bit register.
        _offset = Netlink.Align(_offset + length);

        var type = Unsafe.ReadUnaligned<ushort>(in Unsafe.Add(ref Unsafe.AsRef(in start), 4));
        if (type is Netlink.Noop or Netlink.Error or Netlink.Overrun)
        {
            if (type == Netlink.Error)
            {
                ErrorCode = length >= Netlink.HeaderSize + sizeof(int) ? Unsafe.ReadUnaligned<int>(in Unsafe.Add(ref Unsafe.AsRef(in start), Netlink.HeaderSize)) : 0;
            }

            return NoMessage(out message, out status, type switch
            {
                Netlink.Noop => DatagramStatus.NetlinkNoop,
                Netlink.Error => DatagramStatus.NetlinkError,
                _ => DatagramStatus.NetlinkOverrun,
            });
        }

        // Any other type, NLMSG_DONE included, carries a cn_msg: the connector sends with DONE.
        if (length < Connector.PayloadOffset)
        {
            return NoMessage(out message, out status, DatagramStatus.ShortConnectorHeader);
        }

        // cn_msg.len, a u16 at offset 16 of cn_msg.
        var payloadLength = Unsafe.ReadUnaligned<ushort>(in Unsafe.Add(ref Unsafe.AsRef(in start), Netlink.HeaderSize + 16));
        if ((uint)(Connector.PayloadOffset + payloadLength) > length) // both unsigned: one 32-bit compare
        {
            return NoMessage(out message, out status, DatagramStatus.ConnectorLengthPastMessage);
        }

        message = new ReceivedConnectorMessage(in start, payloadLength, _senderPortId, _session);
        status = DatagramStatus.Message;
        return true;
    }

    private bool Stop(out ReceivedConnectorMessage message, out DatagramStatus status, DatagramStatus reason)
    {
        // Nothing after a broken length can be trusted: the walk ends here.
        _offset = (uint)_datagram.Length;
        return NoMessage(out message, out status, reason);
    }

    /// <summary>A control or malformed item: a default message and what was found, for the caller to count.</summary>
    private static bool NoMessage(out ReceivedConnectorMessage message, out DatagramStatus status, DatagramStatus found)
    {
        message = default;
        status = found;
        return true;
    }
}
