using System;
using System.Linq;
using KernelConnector.Wire;
using Xunit;

namespace KernelConnector.Tests.Wire;

public class DatagramTests
{
    // A datagram the kernel would accept for cb_id {20, 7}, seq 5, ack 6, flags 0x0102, payload 1 2 3,
    // laid out by hand from <linux/netlink.h> and <linux/connector.h> (host order, little-endian here).
    private static readonly byte[] Expected =
    [
        39, 0, 0, 0,    // nlmsg_len = NLMSG_LENGTH(20 + 3) = 16 + 20 + 3
        3, 0,           // nlmsg_type = NLMSG_DONE
        0, 0,           // nlmsg_flags
        9, 0, 0, 0,     // nlmsg_seq
        0x44, 0x33, 0x22, 0x11, // nlmsg_pid
        20, 0, 0, 0,    // cn_msg.id.idx
        7, 0, 0, 0,     // cn_msg.id.val
        5, 0, 0, 0,     // cn_msg.seq
        6, 0, 0, 0,     // cn_msg.ack
        3, 0,           // cn_msg.len
        2, 1,           // cn_msg.flags
        1, 2, 3,        // data
    ];

    [Fact]
    public void Writes_headers_and_payload_byte_for_byte()
    {
        var buffer = new byte[64];
        var length = ConnectorDatagram.Write(buffer, new CbId(20, 7), seq: 5, ack: 6, payload: [1, 2, 3], flags: 0x0102, netlinkPortId: 0x11223344, netlinkSeq: 9);
        Assert.Equal(39, length);
        Assert.Equal(Expected, buffer[..length]);
        Assert.All(buffer[length..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Reads_back_what_it_wrote()
    {
        var reader = new ConnectorDatagramReader(Expected, senderPortId: 77);
        Assert.True(reader.Read(out var message, out var status));
        Assert.Equal(DatagramStatus.Message, status);
        Assert.Equal(new CbId(20, 7), message.Id);
        Assert.Equal(5u, message.Header.Seq);
        Assert.Equal(6u, message.Header.Ack);
        Assert.Equal((ushort)0x0102, message.Header.Flags);
        Assert.Equal(39u, message.Netlink.Length);
        Assert.Equal(0x11223344u, message.Netlink.PortId);
        Assert.Equal(77u, message.SenderPortId);
        Assert.Equal(new byte[] { 1, 2, 3 }, message.Payload.ToArray());
        Assert.False(reader.Read(out _, out _));
    }

    [Fact]
    public void Walks_every_message_of_a_multi_message_datagram_with_alignment_padding()
    {
        var buffer = new byte[256];
        var first = ConnectorDatagram.Write(buffer, new CbId(1, 2), 10, 0, [9, 9, 9]);
        var second = Netlink.Align(first);
        Assert.Equal(40, second);
        var end = second + ConnectorDatagram.Write(buffer.AsSpan(second), new CbId(3, 4), 11, 0, new byte[8]);
        var third = Netlink.Align(end);
        end = third + ConnectorDatagram.Write(buffer.AsSpan(third), new CbId(5, 6), 12, 0, []);

        var reader = new ConnectorDatagramReader(buffer.AsSpan(0, end), 0);
        var ids = new System.Collections.Generic.List<(CbId, uint, int)>();
        while (reader.Read(out var message, out var status))
        {
            Assert.Equal(DatagramStatus.Message, status);
            ids.Add((message.Id, message.Header.Seq, message.Payload.Length));
        }

        Assert.Equal([(new CbId(1, 2), 10u, 3), (new CbId(3, 4), 11u, 8), (new CbId(5, 6), 12u, 0)], ids);
    }

    [Fact]
    public void Refuses_a_payload_over_the_kernel_limit_before_writing_anything()
    {
        var buffer = Enumerable.Repeat((byte)0xAA, Connector.MaxDatagramSize + 16).ToArray();
        var error = Assert.Throws<ConnectorMessageSizeException>(() =>
            ConnectorDatagram.Write(buffer, new CbId(1, 2), 0, 0, new byte[Connector.MaxPayloadSize + 1]));
        Assert.Equal(Connector.MaxPayloadSize + 1, error.RequiredBytes);
        Assert.Equal(16364, error.LimitBytes);
        Assert.Contains("16364", error.Message, StringComparison.Ordinal);
        Assert.All(buffer, b => Assert.Equal(0xAA, b));

        // The limit itself is fine.
        Assert.Equal(Connector.MaxPayloadSize + 36, ConnectorDatagram.Write(buffer, new CbId(1, 2), 0, 0, new byte[Connector.MaxPayloadSize]));
    }

    [Fact]
    public void Refuses_a_destination_that_is_too_small_before_writing_anything()
    {
        var buffer = Enumerable.Repeat((byte)0xAA, 38).ToArray();
        var error = Assert.Throws<ConnectorMessageSizeException>(() => ConnectorDatagram.Write(buffer, new CbId(1, 2), 0, 0, [1, 2, 3]));
        Assert.Equal(39, error.RequiredBytes);
        Assert.Equal(38, error.LimitBytes);
        Assert.All(buffer, b => Assert.Equal(0xAA, b));
    }

    [Theory]
    [InlineData(0, DatagramStatus.ShortNetlinkHeader)]
    [InlineData(15, DatagramStatus.ShortNetlinkHeader)]
    [InlineData(38, DatagramStatus.NetlinkLengthPastEnd)]
    public void Reports_a_truncated_datagram(int length, DatagramStatus expected)
    {
        var reader = new ConnectorDatagramReader(Expected.AsSpan(0, length), 0);
        if (length == 0)
        {
            Assert.False(reader.Read(out _, out _));
            return;
        }

        Assert.True(reader.Read(out var message, out var status));
        Assert.Equal(expected, status);
        Assert.True(message.Payload.IsEmpty);
        Assert.False(reader.Read(out _, out _));
    }

    [Fact]
    public void Reports_a_netlink_length_below_the_header()
    {
        var bytes = Expected.ToArray();
        bytes[0] = 15;
        var reader = new ConnectorDatagramReader(bytes, 0);
        Assert.True(reader.Read(out _, out var status));
        Assert.Equal(DatagramStatus.NetlinkLengthTooSmall, status);
        Assert.False(reader.Read(out _, out _));
    }

    [Fact]
    public void Reports_a_message_too_short_for_cn_msg_and_goes_on_to_the_next()
    {
        // A 20-byte netlink message (header + 4 bytes) followed by a valid connector message.
        var bytes = new byte[20 + Expected.Length];
        bytes[0] = 20;
        bytes[4] = 3;
        Expected.CopyTo(bytes, 20);
        var reader = new ConnectorDatagramReader(bytes, 0);
        Assert.True(reader.Read(out _, out var status));
        Assert.Equal(DatagramStatus.ShortConnectorHeader, status);
        Assert.True(reader.Read(out var message, out status));
        Assert.Equal(DatagramStatus.Message, status);
        Assert.Equal(new CbId(20, 7), message.Id);
    }

    [Fact]
    public void Reports_a_cn_msg_length_past_its_netlink_message()
    {
        var bytes = Expected.ToArray();
        bytes[32] = 4; // len 4, but only 3 bytes follow
        var reader = new ConnectorDatagramReader(bytes, 0);
        Assert.True(reader.Read(out var message, out var status));
        Assert.Equal(DatagramStatus.ConnectorLengthPastMessage, status);
        Assert.True(message.Payload.IsEmpty);
        Assert.False(reader.Read(out _, out _));
    }

    [Theory]
    [InlineData(Netlink.Noop, DatagramStatus.NetlinkNoop)]
    [InlineData(Netlink.Overrun, DatagramStatus.NetlinkOverrun)]
    [InlineData(Netlink.Error, DatagramStatus.NetlinkError)]
    public void Reports_netlink_control_messages(ushort type, DatagramStatus expected)
    {
        var bytes = new byte[20];
        bytes[0] = 20;
        bytes[4] = (byte)type;
        BitConverter.TryWriteBytes(bytes.AsSpan(16), -22);
        var reader = new ConnectorDatagramReader(bytes, 0);
        Assert.True(reader.Read(out _, out var status));
        Assert.Equal(expected, status);
        if (type == Netlink.Error)
        {
            Assert.Equal(-22, reader.ErrorCode);
        }
    }

    [Fact]
    public void Treats_NLMSG_DONE_as_a_carrier_of_payload_not_an_end_marker()
    {
        Assert.Equal(Netlink.Done, BitConverter.ToUInt16(Expected, 4));
        var reader = new ConnectorDatagramReader(Expected, 0);
        Assert.True(reader.Read(out var message, out _));
        Assert.Equal(3, message.Payload.Length);
    }

    [Fact]
    public void Keeps_the_payload_length_it_checked_when_the_buffer_changes_afterwards()
    {
        var bytes = Expected.ToArray();
        var reader = new ConnectorDatagramReader(bytes, 0);
        Assert.True(reader.Read(out var message, out _));

        // cn_msg.len rewritten to claim more than was received: the view must not follow it.
        BitConverter.TryWriteBytes(bytes.AsSpan(32), (ushort)60000);
        Assert.Equal(3, message.Payload.Length);
        Assert.Equal(new byte[] { 1, 2, 3 }, message.Payload.ToArray());
    }

    [Fact]
    public void A_default_message_reads_as_zeros_and_an_empty_payload()
    {
        ReceivedConnectorMessage message = default;
        Assert.Equal(default, message.Id);
        Assert.Equal(0u, message.Seq);
        Assert.Equal(0u, message.Ack);
        Assert.Equal(0, message.Flags);
        Assert.Equal(default, message.Header);
        Assert.Equal(default, message.Netlink);
        Assert.True(message.Payload.IsEmpty);
    }

    [Fact]
    public void Keeps_the_last_error_code_across_later_control_messages()
    {
        var bytes = new byte[40];
        bytes[0] = 20;
        bytes[4] = (byte)Netlink.Error;
        BitConverter.TryWriteBytes(bytes.AsSpan(16), -22);
        bytes[20] = 16;
        bytes[24] = (byte)Netlink.Noop;
        var reader = new ConnectorDatagramReader(bytes.AsSpan(0, 36), 0);
        Assert.True(reader.Read(out _, out var first));
        Assert.Equal(DatagramStatus.NetlinkError, first);
        Assert.True(reader.Read(out _, out var second));
        Assert.Equal(DatagramStatus.NetlinkNoop, second);
        Assert.Equal(-22, reader.ErrorCode);
    }
}
