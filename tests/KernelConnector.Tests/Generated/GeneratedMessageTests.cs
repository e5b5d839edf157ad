using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using KernelConnector.Wire;
using Xunit;

namespace KernelConnector.Tests.Generated;

public class GeneratedMessageTests
{
    private static Probe SampleProbe()
    {
        var probe = new Probe { Kind = 0x01020304, Stamp = 0x1122334455667788, Port = 0xABCD, Flags = 0x5A, Pad = 0 };
        for (var i = 0; i < 4; i++)
        {
            probe.Values[i] = -(i + 1);
        }

        "kernel-conn"u8.CopyTo(probe.Name);
        return probe;
    }

    // The Probe as C lays it out: u32, 4 bytes of padding, u64, u16, u8, u8, int[4], char[12].
    private static byte[] ExpectedProbeBytes()
    {
        var bytes = new byte[48];
        BitConverter.TryWriteBytes(bytes.AsSpan(0), 0x01020304u);
        BitConverter.TryWriteBytes(bytes.AsSpan(8), 0x1122334455667788ul);
        BitConverter.TryWriteBytes(bytes.AsSpan(16), (ushort)0xABCD);
        bytes[18] = 0x5A;
        for (var i = 0; i < 4; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(20 + (4 * i)), -(i + 1));
        }

        "kernel-conn"u8.CopyTo(bytes.AsSpan(36));
        return bytes;
    }

    [Fact]
    public void Implements_the_contract_from_the_attribute()
    {
        Assert.Equal(new CbId(20, 7), Probe.Id);
        Assert.Equal(20u, Probe.Group);
        Assert.Equal(48, Probe.Size);
        Assert.Equal(0, Probe.MaxTrailingBytes);
        Assert.Equal(-1, Probe.SequenceKeyOffset);
        Assert.Equal(3u, Union.Group);
        Assert.Equal(4, Union.SequenceKeyOffset);
        Assert.Equal(32, Checked.MaxTrailingBytes);
        Assert.Equal(new CbId(21, 1), Outer.Middle.Nested.Id);
        Assert.Equal(new CbId(21, 3), GlobalMessage.Id);
    }

    [Fact]
    public async Task Probe_layout_equals_the_C_compilers()
    {
        var c = await CLayout.QueryAsync(
            "#include <stdint.h>\nstruct probe { uint32_t kind; uint64_t stamp; uint16_t port; uint8_t flags; uint8_t pad; int32_t values[4]; char name[12]; };",
            "sizeof(struct probe)", "offsetof(struct probe, stamp)", "offsetof(struct probe, port)", "offsetof(struct probe, flags)",
            "offsetof(struct probe, values)", "offsetof(struct probe, name)");
        var probe = default(Probe);
        long Offset<T>(ref T field) => Unsafe.ByteOffset(ref Unsafe.As<Probe, byte>(ref probe), ref Unsafe.As<T, byte>(ref field));
        Assert.Equal(c, new long[] { Probe.Size, Offset(ref probe.Stamp), Offset(ref probe.Port), Offset(ref probe.Flags), Offset(ref probe.Values), Offset(ref probe.Name) });
    }

    [Fact]
    public void Write_puts_the_C_layout_into_the_destination()
    {
        var destination = new byte[64];
        var written = Probe.Write(SampleProbe(), default, destination);
        Assert.Equal(48, written);
        Assert.Equal(ExpectedProbeBytes(), destination[..48]);
    }

    [Fact]
    public void View_reads_in_place_at_a_datagram_offset_that_is_4_but_not_8_aligned()
    {
        var datagram = new byte[200];
        var length = ConnectorDatagram.Write(datagram, SampleProbe(), default, seq: 1, ack: 2);
        Assert.Equal(36 + 48, length);
        var payload = datagram.AsSpan(Connector.PayloadOffset, Probe.Size);

        ref readonly var view = ref Probe.View(payload);
        Assert.True(Unsafe.AreSame(ref Unsafe.AsRef(in view), ref Unsafe.As<byte, Probe>(ref datagram[Connector.PayloadOffset])));
        Assert.Equal(0x1122334455667788ul, view.Stamp);
        Assert.Equal(-4, view.Values[3]);
        Assert.Equal("kernel-conn", System.Text.Encoding.ASCII.GetString(((ReadOnlySpan<byte>)view.Name)[..11]));

        // A change to the buffer is seen through the view: no copy was made.
        datagram[Connector.PayloadOffset] = 0xFF;
        Assert.Equal(0x010203FFu, view.Kind);
    }

    [Fact]
    public void TryRead_copies_and_round_trips()
    {
        var bytes = ExpectedProbeBytes();
        Assert.True(Probe.TryRead(bytes, out var copy));
        bytes[0] = 0;
        Assert.Equal(SampleProbe().Stamp, copy.Stamp);
        Assert.Equal(0x01020304u, copy.Kind);
        Assert.Equal(SampleProbe().Values[2], copy.Values[2]);
    }

    [Fact]
    public void Short_and_long_payloads_are_refused_with_the_numbers()
    {
        var bytes = ExpectedProbeBytes();
        Assert.Equal(ConnectorReadStatus.TooShort, Probe.Validate(bytes.AsSpan(0, 47)));
        Assert.False(Probe.TryRead(bytes.AsSpan(0, 47), out _));
        var error = Assert.Throws<ConnectorFormatException>(() => Probe.View(bytes.AsSpan(0, 47)));
        Assert.Equal(ConnectorReadStatus.TooShort, error.Status);
        Assert.Contains("48", error.Message, StringComparison.Ordinal);
        Assert.Contains("47", error.Message, StringComparison.Ordinal);

        var longer = new byte[49];
        Assert.Equal(ConnectorReadStatus.TooLong, Probe.Validate(longer));
        Assert.Equal(ConnectorReadStatus.Ok, Checked.Validate(new byte[Checked.Size + 32]));
        Assert.Equal(ConnectorReadStatus.TooLong, Checked.Validate(new byte[Checked.Size + 33]));
    }

    [Fact]
    public void Trailing_bytes_round_trip()
    {
        var trailing = Enumerable.Range(0, 1024).Select(i => (byte)i).ToArray();
        var destination = new byte[4 + 1024];
        Assert.Equal(1028, Outer.Middle.Nested.Write(new Outer.Middle.Nested { Value = 9 }, trailing, destination));
        Assert.Equal(9u, Outer.Middle.Nested.View(destination).Value);
        Assert.Equal(trailing, destination[4..]);

        var datagram = new byte[2000];
        var length = ConnectorDatagram.Write(datagram, new Outer.Middle.Nested { Value = 9 }, trailing, 1, 2);
        var reader = new ConnectorDatagramReader(datagram.AsSpan(0, length), 0);
        Assert.True(reader.Read(out var message, out _));
        Assert.Equal(trailing, message.Payload[4..].ToArray());
    }

    [Fact]
    public void Write_refuses_what_does_not_fit_and_writes_nothing()
    {
        var destination = Enumerable.Repeat((byte)0xEE, 2000).ToArray();
        var tooMuch = Assert.Throws<ConnectorMessageSizeException>(() => Outer.Middle.Nested.Write(default, new byte[1025], destination));
        Assert.Equal(1025, tooMuch.RequiredBytes);
        Assert.Equal(1024, tooMuch.LimitBytes);
        Assert.Throws<ConnectorMessageSizeException>(() => Probe.Write(SampleProbe(), [1], destination));
        var small = Assert.Throws<ConnectorMessageSizeException>(() => Probe.Write(SampleProbe(), default, destination.AsSpan(0, 47)));
        Assert.Equal(48, small.RequiredBytes);
        Assert.Equal(47, small.LimitBytes);
        Assert.All(destination, b => Assert.Equal(0xEE, b));
    }

    [Theory]
    [InlineData(0, 2)]       // Ready = 2
    [InlineData(1, 3)]       // Mode = 3, undefined in a closed enum
    [InlineData(4, 255)]     // Inner.Enabled = 255
    [InlineData(6, 9)]       // Bits[0]
    [InlineData(8, 2)]       // Bits[2]
    public void Bad_bools_and_closed_enums_are_refused(int offset, byte value)
    {
        var bytes = ValidChecked();
        Assert.Equal(ConnectorReadStatus.Ok, Checked.Validate(bytes));
        bytes[offset] = value;
        Assert.Equal(ConnectorReadStatus.InvalidField, Checked.Validate(bytes));
        Assert.False(Checked.TryRead(bytes, out _));
        var error = Assert.Throws<ConnectorFormatException>(() => Checked.View(bytes));
        Assert.Equal(ConnectorReadStatus.InvalidField, error.Status);
        Assert.Contains("Checked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enums_not_marked_closed_accept_any_value_and_a_field_can_close_one()
    {
        var bytes = ValidChecked();
        bytes[2] = 0xFF; // Kind is an open enum
        Assert.Equal(ConnectorReadStatus.Ok, Checked.Validate(bytes));

        var perField = new byte[PerField.Size];
        perField[0] = 1;
        Assert.Equal(ConnectorReadStatus.Ok, PerField.Validate(perField));
        perField[0] = 2;
        Assert.Equal(ConnectorReadStatus.InvalidField, PerField.Validate(perField));
    }

    [Fact]
    public void Fixed_buffers_of_bools_are_checked()
    {
        var bytes = new byte[WithFixed.Size];
        Assert.Equal(ConnectorReadStatus.Ok, WithFixed.Validate(bytes));
        bytes[3] = 2;
        Assert.Equal(ConnectorReadStatus.InvalidField, WithFixed.Validate(bytes));
    }

    [Fact]
    public void Union_arms_overlay_the_same_bytes()
    {
        var value = new Union { What = 1, Cpu = 3, Stamp = 99 };
        value.A.Pid = 0x11111111;
        value.A.Tgid = 0x22222222;
        var bytes = new byte[Union.Size];
        Assert.Equal(24, Union.Write(value, default, bytes));
        Assert.Equal(0x2222222211111111ul, Union.View(bytes).B.Both);
        Assert.Equal(3u, BitConverter.ToUInt32(bytes, Union.SequenceKeyOffset));
    }

    [Fact]
    public void Reading_writing_and_validating_allocate_nothing()
    {
        var probe = SampleProbe();
        var buffer = new byte[256];
        var trailing = new byte[16];
        var checkedBytes = ValidChecked();
        long sum = 0;

        void Work()
        {
            sum += Probe.Write(probe, default, buffer);
            sum += (long)Probe.View(buffer.AsSpan(0, 48)).Stamp;
            sum += Probe.TryRead(buffer.AsSpan(0, 48), out var copy) ? copy.Kind : 0;
            sum += (int)Checked.Validate(checkedBytes);
            sum += Outer.Middle.Nested.Write(default, trailing, buffer);
        }

        Work();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
        {
            Work();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, sum);
    }

    private static byte[] ValidChecked()
    {
        var bytes = new byte[Checked.Size];
        bytes[0] = 1; // Ready
        bytes[1] = 7; // Mode.Auto
        bytes[4] = 1; // Inner.Enabled
        bytes[7] = 1; // Bits[1]
        return bytes;
    }
}
