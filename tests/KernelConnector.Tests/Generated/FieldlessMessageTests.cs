using System;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using KernelConnector.Wire;
using Xunit;

namespace KernelConnector.Tests.Generated;

/// <summary>
/// A message struct without fields is a 0-byte payload, as GNU C's empty struct is: the runtime
/// gives the struct one byte, which must never reach the wire or be asked of it.
/// </summary>
public class FieldlessMessageTests
{
    [Fact]
    public async Task Its_size_is_the_C_compilers_size_of_an_empty_struct()
    {
        // GNU C gives struct empty {} no bytes (C++ gives it one, as C# does); a zero-length
        // array alone is no bytes in both. The wire follows C.
        var c = await CLayout.QueryAsync("struct empty {};\nstruct only_data { char data[0]; };", "sizeof(struct empty)", "sizeof(struct only_data)");
        Assert.Equal([0L, 0L], c);
        Assert.Equal(c[0], Bell.Size);
        Assert.Equal(c[1], BareBytes.Size);
        Assert.Equal(1, System.Runtime.CompilerServices.Unsafe.SizeOf<Bell>());
    }

    [Fact]
    public void Write_writes_nothing_of_its_own()
    {
        var destination = Enumerable.Repeat((byte)0xEE, 16).ToArray();
        Assert.Equal(0, Bell.Write(default, default, destination));
        Assert.Equal(0, Bell.Write(default, default, Span<byte>.Empty));
        Assert.All(destination, b => Assert.Equal(0xEE, b));

        Assert.Equal(3, BareBytes.Write(default, "abc"u8, destination));
        Assert.Equal("abc"u8.ToArray().Concat(Enumerable.Repeat((byte)0xEE, 13)), destination);
    }

    [Fact]
    public void A_datagram_carries_a_bare_cn_msg_with_len_0()
    {
        var datagram = Enumerable.Repeat((byte)0xEE, 64).ToArray();
        var length = ConnectorDatagram.Write(datagram, new Bell(), default, seq: 5, ack: 6, netlinkPortId: 77, netlinkSeq: 5);

        // nlmsghdr { len 36, type NLMSG_DONE, flags 0, seq 5, pid 77 }, cn_msg { idx 21, val 4, seq 5, ack 6, len 0, flags 0 }.
        byte[] expected =
        [
            36, 0, 0, 0, 3, 0, 0, 0, 5, 0, 0, 0, 77, 0, 0, 0,
            21, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0,
        ];
        Assert.Equal(expected, datagram[..length]);
        Assert.All(datagram[length..], b => Assert.Equal(0xEE, b));
    }

    [Fact]
    public void Only_an_empty_payload_is_a_message_without_trailing_bytes()
    {
        Assert.Equal(ConnectorReadStatus.Ok, Bell.Validate(ReadOnlySpan<byte>.Empty));
        Assert.True(Bell.TryRead(default, out _));
        _ = Bell.View(default);

        Assert.Equal(ConnectorReadStatus.TooLong, Bell.Validate(new byte[1]));
        Assert.False(Bell.TryRead(new byte[1], out _));
        var error = Assert.Throws<ConnectorFormatException>(() => Bell.View(new byte[1]));
        Assert.Equal(ConnectorReadStatus.TooLong, error.Status);

        Assert.Equal(ConnectorReadStatus.Ok, BareBytes.Validate(new byte[8]));
        Assert.Equal(ConnectorReadStatus.TooLong, BareBytes.Validate(new byte[9]));
    }

    [Fact]
    public void A_received_bare_message_round_trips_with_its_trailing_bytes_whole()
    {
        var datagram = new byte[64];
        var length = ConnectorDatagram.Write(datagram, new BareBytes(), "12345678"u8, seq: 1, ack: 2);
        Assert.Equal(36 + 8, length);
        var reader = new ConnectorDatagramReader(datagram.AsSpan(0, length), 0);
        Assert.True(reader.Read(out var message, out _));
        Assert.Equal(8, message.Payload.Length);

        Assert.True(__Internals.ConnectorDispatch.TryCreate<BareBytes>(message, out var typed));
        Assert.Equal("12345678"u8.ToArray(), typed.Trailing.ToArray());
        Assert.Equal((1u, 2u), (typed.Seq, typed.Ack));
    }

    [Fact]
    public void A_default_received_message_types_as_one_without_a_buffer_to_read()
    {
        Assert.True(__Internals.ConnectorDispatch.TryCreate<Bell>(default, out var typed));
        Assert.Equal((0u, 0u, 0, 0), (typed.Seq, typed.Ack, typed.Flags, typed.Trailing.Length));
        Assert.False(__Internals.ConnectorDispatch.TryCreate<OnlyPadding>(default, out _));
    }

    [Fact]
    public void A_declared_size_without_fields_is_that_many_bytes()
    {
        var destination = Enumerable.Repeat((byte)0xEE, 9).ToArray();
        Assert.Equal(8, OnlyPadding.Size);
        Assert.Equal(8, OnlyPadding.Write(default, default, destination));
        Assert.Equal(new byte[8].Append((byte)0xEE), destination);
        Assert.Equal(ConnectorReadStatus.TooShort, OnlyPadding.Validate(new byte[7]));
    }
}
