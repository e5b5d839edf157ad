using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KernelConnector.Transport;

/// <summary>
/// The receive loop's buffers: <see cref="Capacity"/> slots, each large enough for any datagram the
/// old one-datagram loop took, with the <c>mmsghdr</c>, <c>iovec</c> and sender address of each,
/// set up once and reused by every <c>recvmmsg</c> call. Native memory, so that no pinning is
/// needed and pages of a slot that no datagram reached are never touched (a 64-slot batch reserves
/// 4 MiB but makes resident only what datagrams fill). Owned by one loop, which frees it when it leaves.
/// </summary>
internal sealed unsafe class ReceiveBatch : IDisposable
{
    /// <summary>One slot: the largest datagram is taken whole, as by the one-datagram loop before.</summary>
    public const int SlotLength = 64 * 1024;

    private readonly byte* _data;
    private readonly Native.MMsgHdr* _headers;
    private readonly Native.IoVec* _vectors;
    private readonly Native.SockaddrNl* _senders;

    public ReceiveBatch(int capacity)
    {
        Capacity = capacity;
        _data = (byte*)NativeMemory.Alloc((nuint)capacity, SlotLength);
        var headerBytes = (nuint)(sizeof(Native.MMsgHdr) + sizeof(Native.IoVec) + sizeof(Native.SockaddrNl));
        var headers = (byte*)NativeMemory.AllocZeroed((nuint)capacity, headerBytes);
        _headers = (Native.MMsgHdr*)headers;
        _vectors = (Native.IoVec*)(headers + (capacity * sizeof(Native.MMsgHdr)));
        _senders = (Native.SockaddrNl*)(headers + (capacity * (sizeof(Native.MMsgHdr) + sizeof(Native.IoVec))));
        for (var i = 0; i < capacity; i++)
        {
            _vectors[i] = new Native.IoVec { Base = _data + ((nint)i * SlotLength), Length = SlotLength };
            _headers[i].Header = new Native.MsgHdr { Name = _senders + i, NameLength = sizeof(Native.SockaddrNl), Iov = _vectors + i, IovLength = 1 };
        }
    }

    /// <summary>How many datagrams one call can take.</summary>
    public int Capacity { get; }

    /// <summary>
    /// Takes up to <see cref="Capacity"/> datagrams in one system call: waits for the first (up to
    /// the socket's receive time-out) and takes whatever else is already queued without waiting
    /// (<c>MSG_WAITFORONE</c>). Returns how many, or -1 with <paramref name="error"/> set.
    /// </summary>
    public int ReceiveMany(int fd, out int error)
    {
        // MSG_TRUNC: each msg_len is the datagram's real length, so a datagram larger than its slot is told.
        var received = Native.RecvMmsg(fd, _headers, (uint)Capacity, Native.MsgWaitforone | Native.MsgTrunc, null);
        error = received < 0 ? Marshal.GetLastPInvokeError() : 0;
        return received;
    }

    /// <summary>Takes up to <see cref="Capacity"/> datagrams already queued, without waiting. Returns how many, or -1 with <paramref name="error"/> set (<c>EAGAIN</c>: none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the doorbell's optimized drain, which calls it twice
    public int ReceiveQueued(int fd, out int error)
    {
        var received = Native.RecvMmsg(fd, _headers, (uint)Capacity, Native.MsgDontwait | Native.MsgTrunc, null);
        error = received < 0 ? Marshal.GetLastPInvokeError() : 0;
        return received;
    }

    /// <summary>Takes one datagram into the first slot with <c>recvfrom</c>, where <c>recvmmsg</c> is refused. Returns 1, or -1 with <paramref name="error"/> set.</summary>
    public int ReceiveOne(int fd, out int error)
    {
        var fromLength = sizeof(Native.SockaddrNl);
        var received = Native.RecvFrom(fd, _data, SlotLength, Native.MsgTrunc, _senders, &fromLength);
        if (received < 0)
        {
            error = Marshal.GetLastPInvokeError();
            return -1;
        }

        error = 0;
        _headers[0].Length = (uint)received;
        _headers[0].Header.Flags = received > SlotLength ? Native.MsgTrunc : 0;
        return 1;
    }

    /// <summary>Whether datagram <paramref name="index"/> of the last call did not fit its slot (its tail is gone).</summary>
    public bool IsTruncated(int index) =>
        _headers[index].Length > SlotLength || (_headers[index].Header.Flags & Native.MsgTrunc) != 0;

    /// <summary>Datagram <paramref name="index"/> of the last call (not truncated).</summary>
    public ReadOnlySpan<byte> Datagram(int index) => new(_data + ((nint)index * SlotLength), (int)_headers[index].Length);

    /// <summary>The port id that sent datagram <paramref name="index"/> of the last call (0: the kernel).</summary>
    public uint Sender(int index) => _senders[index].PortId;

    public void Dispose()
    {
        NativeMemory.Free(_data);
        NativeMemory.Free(_headers);
    }
}
