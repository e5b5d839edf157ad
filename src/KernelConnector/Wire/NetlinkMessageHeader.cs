using System.Runtime.InteropServices;

namespace KernelConnector.Wire;

/// <summary><c>struct nlmsghdr</c>: 16 bytes, host byte order.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NetlinkMessageHeader
{
    /// <summary><c>nlmsg_len</c>: length of the message including this header.</summary>
    public uint Length;

    /// <summary><c>nlmsg_type</c>.</summary>
    public ushort Type;

    /// <summary><c>nlmsg_flags</c>.</summary>
    public ushort Flags;

    /// <summary><c>nlmsg_seq</c>.</summary>
    public uint Seq;

    /// <summary><c>nlmsg_pid</c>: the port id the sender claims (the kernel's is 0).</summary>
    public uint PortId;
}
