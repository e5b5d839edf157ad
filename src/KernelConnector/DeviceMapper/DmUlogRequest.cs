using System.Runtime.InteropServices;
using KernelConnector.Wire;

namespace KernelConnector.DeviceMapper;

/// <summary>
/// <c>struct dm_ulog_request</c> of <c>&lt;linux/dm-log-userspace.h&gt;</c>, as the kernel sends it to
/// a log daemon: 160 bytes, then <see cref="DataSize"/> bytes of data. The kernel multicasts every
/// request to group 7 (<c>CN_IDX_DM</c>) from one 512-byte buffer, so the data is at most
/// <see cref="DmUlog.MaxRequestData"/> bytes. The daemon answers with the same struct
/// (<see cref="DmUlogReply"/>), which the kernel matches to its request by <see cref="Seq"/>.
/// </summary>
[ConnectorMessage(7, 1, Direction = ConnectorDirection.ReceiveOnly, MaxTrailingBytes = DmUlog.MaxRequestData)]
[StructLayout(LayoutKind.Sequential)]
public partial struct DmUlogRequest
{
    /// <summary><c>luid</c>: the kernel's local id for the log (the address of its context), told apart from a same-uuid log of an inactive table.</summary>
    public ulong Luid;

    /// <summary><c>uuid</c>: the log's uuid, from the table.</summary>
    public DmUuid Uuid;

    // char padding[3]: DM_UUID_LEN is 129.
    private byte _padding0;
    private byte _padding1;
    private byte _padding2;

    /// <summary><c>version</c>: <see cref="DmUlog.RequestVersion"/>.</summary>
    public uint Version;

    /// <summary><c>error</c>: in a reply, 0 or a negative errno.</summary>
    public int Error;

    /// <summary><c>seq</c>: the request's sequence number; the reply must carry it.</summary>
    public uint Seq;

    /// <summary><c>request_type</c>: a <see cref="DmUlogRequestType"/> in the low 8 bits.</summary>
    public uint RequestType;

    /// <summary><c>data_size</c>: how many bytes of data follow.</summary>
    public uint DataSize;

    /// <summary>The request type, without the reserved bits.</summary>
    public readonly DmUlogRequestType Type => (DmUlogRequestType)(RequestType & DmUlog.RequestMask);
}
