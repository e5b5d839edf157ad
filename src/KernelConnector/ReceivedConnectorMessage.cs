using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KernelConnector.Protocol;
using KernelConnector.Wire;

namespace KernelConnector;

/// <summary>
/// One connector message found in a received datagram, not yet typed: its headers and a view of
/// its payload in the receive buffer. No copy.
/// </summary>
public readonly ref struct ReceivedConnectorMessage
{
    // The start of the netlink message in the receive buffer. The reader checked that the
    // message holds both headers (36 bytes) and cn_msg.len bytes of payload after them, so the
    // header fields are read without further checks; the payload length is kept as checked, not
    // re-read, so that a buffer changed afterwards cannot widen the view. Null for a default
    // value, whose fields read as zero.
    private readonly ref readonly byte _start;
    private readonly int _payloadLength;

    // Where cn_msg's fields sit from the start of the netlink message.
    private const int SeqOffset = Wire.Netlink.HeaderSize + 8;
    private const int AckOffset = Wire.Netlink.HeaderSize + 12;
    private const int FlagsOffset = Wire.Netlink.HeaderSize + 18;

    internal ReceivedConnectorMessage(ref readonly byte start, int payloadLength, uint senderPortId, ReceiveSession? session)
    {
        _start = ref start;
        _payloadLength = payloadLength;
        SenderPortId = senderPortId;
        Session = session;
    }

    /// <summary>The netlink header.</summary>
    public NetlinkMessageHeader Netlink => Field<NetlinkMessageHeader>(0);

    /// <summary>The <c>cn_msg</c> header.</summary>
    public ConnectorMessageHeader Header => Field<ConnectorMessageHeader>(Wire.Netlink.HeaderSize);

    /// <summary><c>cn_msg.len</c> bytes of payload.</summary>
    public ReadOnlySpan<byte> Payload
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // keeps a message in registers in a generated switch
        get => Unsafe.IsNullRef(in _start)
            ? default
            : MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref Unsafe.AsRef(in _start), Connector.PayloadOffset), _payloadLength);
    }

    /// <summary>
    /// The port id the datagram came from, as the kernel reported it on receive (0 = the kernel),
    /// not the <c>nlmsg_pid</c> the sender wrote into its header.
    /// </summary>
    public uint SenderPortId { get; }

    /// <summary>
    /// The endpoint's receive session the message arrived on, or <see langword="null"/> for a
    /// datagram dispatched on its own: where typing the message counts its sequence.
    /// </summary>
    internal ReceiveSession? Session { get; }

    /// <summary>The callback id (<c>cn_msg.id</c>).</summary>
    public CbId Id => Field<CbId>(Wire.Netlink.HeaderSize);

    /// <summary>The id without the default-value check, for a message known to come from a walk (see <c>ConnectorDispatch.ReadIdUnchecked</c>).</summary>
    internal CbId IdUnchecked
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ReadAt<CbId>(Wire.Netlink.HeaderSize);
    }

    /// <summary><c>cn_msg.seq</c>.</summary>
    public uint Seq => Field<uint>(SeqOffset);

    /// <summary><c>cn_msg.ack</c>.</summary>
    public uint Ack => Field<uint>(AckOffset);

    /// <summary><c>cn_msg.flags</c>.</summary>
    public ushort Flags => Field<ushort>(FlagsOffset);

    /// <summary>
    /// The message typed as <typeparamref name="T"/>, for a payload that already validated as one.
    /// Reads the header without the default-value check: a payload of at least one byte (which
    /// <c>AsRef</c> makes sure of first) only comes from a message the reader checked. A message
    /// type without fields (<c>Size</c> 0) reads it with the check, as its payload may be empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReceivedConnectorMessage<T> AsTyped<T>(ReadOnlySpan<byte> payload)
        where T : unmanaged, IConnectorMessage<T>
    {
        if (T.Size == 0)
        {
            // A message without fields: its payload may be empty, so there is nothing to point
            // into (and a default message has no buffer to read the header from). The check is a
            // constant for each T, so other messages pay nothing for it.
            return new ReceivedConnectorMessage<T>(in T.View(payload), payload, Seq, Ack, Flags, SenderPortId);
        }

        ref readonly var value = ref MemoryMarshal.AsRef<T>(payload);
        return new ReceivedConnectorMessage<T>(in value, payload[T.Size..], ReadAt<uint>(SeqOffset), ReadAt<uint>(AckOffset), ReadAt<ushort>(FlagsOffset), SenderPortId);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T Field<T>(int offset)
        where T : unmanaged =>
        Unsafe.IsNullRef(in _start) ? default : ReadAt<T>(offset);

    // Only ever called with offsets inside the 36 header bytes the reader checked, on a message
    // that is not default.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T ReadAt<T>(int offset)
        where T : unmanaged =>
        Unsafe.ReadUnaligned<T>(in Unsafe.Add(ref Unsafe.AsRef(in _start), offset));
}
