namespace KernelConnector.Wire;

/// <summary>Constants of the kernel connector (<c>&lt;linux/connector.h&gt;</c>).</summary>
public static class Connector
{
    /// <summary><c>CONNECTOR_MAX_MSG_SIZE</c>: the largest <c>cn_msg</c> plus data the kernel accepts.</summary>
    public const int MaxMessageSize = 16384;

    /// <summary><c>sizeof(struct cn_msg)</c>.</summary>
    public const int HeaderSize = 20;

    /// <summary>The largest payload (data after <c>cn_msg</c>) the kernel accepts: 16364 bytes.</summary>
    public const int MaxPayloadSize = MaxMessageSize - HeaderSize;

    /// <summary>Where a connector payload starts in a datagram: after <c>nlmsghdr</c> and <c>cn_msg</c> (4-byte aligned, not 8).</summary>
    public const int PayloadOffset = Netlink.HeaderSize + HeaderSize;

    /// <summary>The largest datagram a single connector message needs.</summary>
    public const int MaxDatagramSize = Netlink.HeaderSize + MaxMessageSize;
}
