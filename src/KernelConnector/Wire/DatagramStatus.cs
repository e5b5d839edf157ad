namespace KernelConnector.Wire;

/// <summary>What <see cref="ConnectorDatagramReader.Read"/> found at its position in a datagram.</summary>
public enum DatagramStatus
{
    /// <summary>A well-formed connector message.</summary>
    Message = 0,

    /// <summary>Fewer bytes remain than a 16-byte <c>nlmsghdr</c>. Reading stops.</summary>
    ShortNetlinkHeader,

    /// <summary><c>nlmsg_len</c> is smaller than the netlink header itself. Reading stops.</summary>
    NetlinkLengthTooSmall,

    /// <summary><c>nlmsg_len</c> reaches past the bytes received (a truncated datagram). Reading stops.</summary>
    NetlinkLengthPastEnd,

    /// <summary>The netlink message is too short to hold a 20-byte <c>cn_msg</c>. Skipped.</summary>
    ShortConnectorHeader,

    /// <summary><c>cn_msg.len</c> reaches past the end of its netlink message. Skipped.</summary>
    ConnectorLengthPastMessage,

    /// <summary>An <c>NLMSG_ERROR</c> message; <see cref="ConnectorDatagramReader.ErrorCode"/> holds its error.</summary>
    NetlinkError,

    /// <summary>An <c>NLMSG_OVERRUN</c> message: data was lost.</summary>
    NetlinkOverrun,

    /// <summary>An <c>NLMSG_NOOP</c> message: nothing to do.</summary>
    NetlinkNoop,
}
