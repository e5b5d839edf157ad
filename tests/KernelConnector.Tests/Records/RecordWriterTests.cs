using System;
using KernelConnector.Records;
using KernelConnector.W1;
using Xunit;

namespace KernelConnector.Tests.Records;

/// <summary>Writing records: lengths come from what was written, nesting works, refusals write nothing.</summary>
public sealed class RecordWriterTests
{
    [Fact]
    public void A_nested_w1_request_is_written_byte_for_byte()
    {
        var buffer = new byte[64];
        var writer = new RecordWriter(buffer);
        var message = writer.Begin(W1NetlinkMessage.ForMaster(0x01020304));
        writer.Write(W1NetlinkCommand.For(W1Command.Write), [0xCC, 0x44]);
        writer.Write(W1NetlinkCommand.For(W1Command.Search), default);
        writer.End(message);
        writer.Write(new W1NetlinkMessage { Type = W1MessageType.ListMasters }, default);

        byte[] expected =
        [
            4, 0, 10, 0, 4, 3, 2, 1, 0, 0, 0, 0,    // w1_netlink_msg: MASTER_CMD, len 10, mst.id 0x01020304
            1, 0, 2, 0, 0xCC, 0x44,                  // w1_netlink_cmd WRITE, len 2, data
            2, 0, 0, 0,                              // w1_netlink_cmd SEARCH, len 0
            6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,     // w1_netlink_msg LIST_MASTERS, len 0
        ];
        Assert.Equal(expected, writer.Written.ToArray());
    }

    [Fact]
    public void Aligned_records_are_padded_with_zeros()
    {
        var buffer = new byte[32];
        buffer.AsSpan().Fill(0xEE);
        var writer = new RecordWriter(buffer);
        writer.Write(new AttributeHeader { Type = 1 }, [0x11]);
        writer.Write(new AttributeHeader { Type = 2 }, [0x21, 0x22]);

        Assert.Equal([5, 0, 1, 0, 0x11, 0, 0, 0, 6, 0, 2, 0, 0x21, 0x22], writer.Written.ToArray());
    }

    [Fact]
    public void What_is_written_reads_back()
    {
        var buffer = new byte[256];
        var writer = new RecordWriter(buffer);
        for (var i = 0; i < 10; i++)
        {
            writer.Write(W1NetlinkCommand.For((W1Command)(i % 9)), new byte[i * 3]);
        }

        var reader = new RecordReader<W1NetlinkCommand>(writer.Written);
        var count = 0;
        while (reader.MoveNext())
        {
            Assert.Equal(((W1Command)(count % 9), count * 3), (reader.Current.Header.Command, reader.Current.Body.Length));
            count++;
        }

        Assert.Equal((RecordStatus.Complete, 10), (reader.Status, count));
    }

    [Fact]
    public void A_body_longer_than_the_length_field_states_is_refused_before_writing()
    {
        var buffer = new byte[70_000];
        var writer = new RecordWriter(buffer);
        var refused = Assert.Throws<ConnectorMessageSizeException>(() =>
        {
            var w = new RecordWriter(buffer);
            w.Write(W1NetlinkCommand.For(W1Command.Write), new byte[65_536]);
        });

        Assert.Equal((65_536, 65_535), (refused.RequiredBytes, refused.LimitBytes));
        Assert.Contains("W1NetlinkCommand record's length field states at most 65535 bytes of body, but it has 65536", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, writer.Length);
    }

    [Fact]
    public void An_open_record_that_grew_too_long_is_refused_and_keeps_its_header()
    {
        var buffer = new byte[70_000];
        var writer = new RecordWriter(buffer);
        var message = writer.Begin(W1NetlinkMessage.ForMaster(1));
        writer.WriteBytes(new byte[65_536]);
        ConnectorMessageSizeException? refused = null;
        try
        {
            writer.End(message);
        }
        catch (ConnectorMessageSizeException e)
        {
            refused = e;
        }

        Assert.NotNull(refused);
        Assert.Equal(0, BitConverter.ToUInt16(buffer, 2));
    }

    [Fact]
    public void A_destination_too_small_is_refused_before_writing()
    {
        var buffer = new byte[10];
        var writer = new RecordWriter(buffer);
        writer.Write(W1NetlinkCommand.For(W1Command.Reset), default);
        ConnectorMessageSizeException? refused = null;
        try
        {
            writer.Write(W1NetlinkCommand.For(W1Command.Write), [1, 2, 3]);
        }
        catch (ConnectorMessageSizeException e)
        {
            refused = e;
        }

        Assert.NotNull(refused);
        Assert.Contains("The records need 7 more bytes, but the destination has 6 left (4 of 10 written).", refused.Message, StringComparison.Ordinal);
        Assert.Equal(4, writer.Length);
        Assert.Equal(new byte[6], buffer[4..]);
    }

    [Fact]
    public void Ending_a_record_that_was_not_begun_is_refused()
    {
        var buffer = new byte[16];
        var writer = new RecordWriter(buffer);
        writer.WriteBytes([1, 2]);
        ArgumentException? refused = null;
        try
        {
            writer.End(default(RecordMark<W1NetlinkMessage>));
        }
        catch (ArgumentException e)
        {
            refused = e;
        }

        Assert.NotNull(refused);
        Assert.Contains("No W1NetlinkMessage record was begun at offset 0 of the 2 bytes written.", refused.Message, StringComparison.Ordinal);
    }
}
