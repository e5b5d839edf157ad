namespace KernelConnector.Wire;

/// <summary>Constants of the netlink layer (<c>&lt;linux/netlink.h&gt;</c>) that connector users meet.</summary>
public static class Netlink
{
    /// <summary><c>NETLINK_CONNECTOR</c>: the netlink protocol number of the kernel connector.</summary>
    public const int ProtocolConnector = 11;

    /// <summary><c>AF_NETLINK</c>.</summary>
    public const int AddressFamily = 16;

    /// <summary><c>SOL_NETLINK</c>: the socket option level of netlink options.</summary>
    public const int SolNetlink = 270;

    /// <summary><c>NETLINK_ADD_MEMBERSHIP</c>.</summary>
    public const int AddMembership = 1;

    /// <summary><c>NETLINK_DROP_MEMBERSHIP</c> (2; the connector documentation's 0 is wrong).</summary>
    public const int DropMembership = 2;

    /// <summary><c>NLMSG_ALIGNTO</c>: netlink messages start on 4-byte boundaries.</summary>
    public const int Alignment = 4;

    /// <summary><c>sizeof(struct nlmsghdr)</c>.</summary>
    public const int HeaderSize = 16;

    /// <summary><c>NLMSG_NOOP</c>: nothing; skipped.</summary>
    public const ushort Noop = 1;

    /// <summary><c>NLMSG_ERROR</c>: an error report (or an acknowledgement when its error is 0).</summary>
    public const ushort Error = 2;

    /// <summary><c>NLMSG_DONE</c>: the type the connector sends its messages with. It carries a payload here.</summary>
    public const ushort Done = 3;

    /// <summary><c>NLMSG_OVERRUN</c>: data was lost.</summary>
    public const ushort Overrun = 4;

    /// <summary>Multicast groups a netlink socket can join: 1 to 32.</summary>
    public const uint MaxGroup = 32;

    /// <summary><c>NLMSG_ALIGN(length)</c>.</summary>
    public static int Align(int length) => (length + Alignment - 1) & ~(Alignment - 1);

    // NLMSG_ALIGN for offsets that may sit near int.MaxValue, where the int form would overflow:
    // unsigned, an offset up to int.MaxValue rounds up without wrapping.
    internal static uint Align(uint length) => (length + Alignment - 1) & ~(uint)(Alignment - 1);
}
