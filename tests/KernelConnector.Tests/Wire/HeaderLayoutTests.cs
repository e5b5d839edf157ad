using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using KernelConnector.Wire;
using Xunit;

namespace KernelConnector.Tests.Wire;

public class HeaderLayoutTests
{
    [Fact]
    public async Task Netlink_and_connector_headers_match_the_C_compiler()
    {
        var c = await CLayout.QueryAsync(
            "#include <linux/netlink.h>\n#include <linux/connector.h>",
            "sizeof(struct nlmsghdr)",
            "offsetof(struct nlmsghdr, nlmsg_len)",
            "offsetof(struct nlmsghdr, nlmsg_type)",
            "offsetof(struct nlmsghdr, nlmsg_flags)",
            "offsetof(struct nlmsghdr, nlmsg_seq)",
            "offsetof(struct nlmsghdr, nlmsg_pid)",
            "sizeof(struct cn_msg)",
            "offsetof(struct cn_msg, id.idx)",
            "offsetof(struct cn_msg, id.val)",
            "offsetof(struct cn_msg, seq)",
            "offsetof(struct cn_msg, ack)",
            "offsetof(struct cn_msg, len)",
            "offsetof(struct cn_msg, flags)",
            "offsetof(struct cn_msg, data)",
            "sizeof(((struct cn_msg *)0)->len)",
            "CONNECTOR_MAX_MSG_SIZE",
            "NLMSG_DONE",
            "NLMSG_ERROR",
            "NLMSG_NOOP",
            "NLMSG_OVERRUN",
            "NLMSG_ALIGNTO",
            "NLMSG_LENGTH(sizeof(struct cn_msg) + 5)",
            "NLMSG_HDRLEN",
            "sizeof(struct cn_msg)",
            "CONNECTOR_MAX_MSG_SIZE - sizeof(struct cn_msg)",
            "NLMSG_LENGTH(sizeof(struct cn_msg))",
            "NLMSG_LENGTH(CONNECTOR_MAX_MSG_SIZE)");

        long[] ours =
        [
            Unsafe.SizeOf<NetlinkMessageHeader>(),
            Offset<NetlinkMessageHeader>(nameof(NetlinkMessageHeader.Length)),
            Offset<NetlinkMessageHeader>(nameof(NetlinkMessageHeader.Type)),
            Offset<NetlinkMessageHeader>(nameof(NetlinkMessageHeader.Flags)),
            Offset<NetlinkMessageHeader>(nameof(NetlinkMessageHeader.Seq)),
            Offset<NetlinkMessageHeader>(nameof(NetlinkMessageHeader.PortId)),
            Unsafe.SizeOf<ConnectorMessageHeader>(),
            Offset<ConnectorMessageHeader>(nameof(ConnectorMessageHeader.Id)) + IdFieldOffset(idx: true),
            Offset<ConnectorMessageHeader>(nameof(ConnectorMessageHeader.Id)) + IdFieldOffset(idx: false),
            Offset<ConnectorMessageHeader>(nameof(ConnectorMessageHeader.Seq)),
            Offset<ConnectorMessageHeader>(nameof(ConnectorMessageHeader.Ack)),
            Offset<ConnectorMessageHeader>(nameof(ConnectorMessageHeader.Length)),
            Offset<ConnectorMessageHeader>(nameof(ConnectorMessageHeader.Flags)),
            Connector.HeaderSize,
            Marshal.SizeOf(typeof(ConnectorMessageHeader).GetField(nameof(ConnectorMessageHeader.Length))!.FieldType),
            Connector.MaxMessageSize,
            Netlink.Done,
            Netlink.Error,
            Netlink.Noop,
            Netlink.Overrun,
            Netlink.Alignment,
            ConnectorDatagram.GetDatagramLength(5),
            Netlink.HeaderSize,
            Connector.HeaderSize,
            Connector.MaxPayloadSize,
            Connector.PayloadOffset,
            Connector.MaxDatagramSize,
        ];
        Assert.Equal(c, ours);
    }

    // Where CbId's Idx or Val sits inside it, found by writing distinct values and looking for them.
    private static long IdFieldOffset(bool idx)
    {
        var id = new CbId(0x11223344, 0x55667788);
        var bytes = MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref id, 1));
        var offset = bytes.IndexOf(BitConverter.GetBytes(idx ? id.Idx : id.Val));
        Assert.True(offset >= 0, "CbId does not hold its value in its bytes");
        return offset;
    }

    private static long Offset<T>(string field) => Marshal.OffsetOf<T>(field).ToInt64();
}
