using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Testing;
using KernelConnector.W1;
using Xunit;

namespace KernelConnector.Tests.W1;

/// <summary>
/// The emulated w1 connector, byte for byte on the wire: which replies a request gets, with which
/// seq and ack, in which order, and what each holds — as <c>drivers/w1/w1_netlink.c</c> answers.
/// </summary>
public sealed class W1BusEmulatorTests : IAsyncDisposable
{
    private const uint Seq = 40;
    private const uint Ack = 7000;
    private static readonly W1SlaveId Thermometer = W1SlaveId.Create(0x28, 0x0000_00AB_CDEF);
    private static readonly W1SlaveId Eeprom = W1SlaveId.Create(0x2D, 0x0000_0012_3456);

    private readonly InMemoryConnector _connector = new();
    private readonly W1BusEmulator _bus;
    private readonly W1EmulatedMaster _first;
    private readonly W1EmulatedMaster _empty;
    private readonly W1Wire _wire;

    public W1BusEmulatorTests()
    {
        _bus = new W1BusEmulator(_connector);
        _first = _bus.AddMaster();
        _empty = _bus.AddMaster();
        _first.AddDevice(Thermometer, [1, 2, 3, 4, 5, 6, 7, 8]);
        _first.AddDevice(Eeprom, [0xF0, 0x0F]);
        _wire = new W1Wire(_connector);
    }

    public async ValueTask DisposeAsync()
    {
        await _wire.DisposeAsync();
        _bus.Dispose();
        _connector.Dispose();
    }

    [Fact]
    public async Task List_masters_answers_every_id_newest_first_with_ack_seq_plus_one()
    {
        var replies = await _wire.ExchangeAsync(Hex(Msg(W1MessageType.ListMasters, 0, "")), Seq, Ack);

        var reply = Assert.Single(replies);
        Assert.Equal((Seq, Seq + 1, 0u), (reply.Seq, reply.Ack, reply.PortId));
        Assert.Equal(Msg(W1MessageType.ListMasters, 0, "02000000" + "01000000", id: "0000000000000000"), reply.Hex);
    }

    [Fact]
    public async Task A_command_that_returns_data_gets_a_data_reply_then_its_status()
    {
        var request = Msg(W1MessageType.MasterCommand, 0, Cmd(W1Command.ListSlaves, ""), Master(1));

        var replies = await _wire.ExchangeAsync(Hex(request), Seq, Ack);

        Assert.Equal(
            [
                (Seq, Seq + 1, Msg(W1MessageType.MasterCommand, 0, Cmd(W1Command.ListSlaves, Id(Thermometer) + Id(Eeprom)), Master(1))),
                (Seq, Ack, Msg(W1MessageType.MasterCommand, 0, Cmd(W1Command.ListSlaves, ""), Master(1))),
            ],
            replies.Select(r => (r.Seq, r.Ack, r.Hex)));
    }

    [Fact]
    public async Task Slave_commands_run_in_order_each_with_its_status()
    {
        var request = Msg(W1MessageType.SlaveCommand, 0, Cmd(W1Command.Read, "0000") + Cmd(W1Command.Write, "CC44") + Cmd(W1Command.Touch, "FF0F"), Id(Eeprom));

        var replies = await _wire.ExchangeAsync(Hex(request), Seq, Ack);

        // Reads start at the memory's first byte after the selection; a touch reads back the
        // written bits ANDed with the device's (F0 0F after the read's F0 0F is past the end: FF FF).
        Assert.Equal(
            [
                (Seq + 1, Msg(W1MessageType.SlaveCommand, 0, Cmd(W1Command.Read, "F00F"), Id(Eeprom))),
                (Ack, Msg(W1MessageType.SlaveCommand, 0, Cmd(W1Command.Read, ""), Id(Eeprom))),
                (Ack, Msg(W1MessageType.SlaveCommand, 0, Cmd(W1Command.Write, ""), Id(Eeprom))),
                (Seq + 1, Msg(W1MessageType.SlaveCommand, 0, Cmd(W1Command.Touch, "FF0F"), Id(Eeprom))),
                (Ack, Msg(W1MessageType.SlaveCommand, 0, Cmd(W1Command.Touch, ""), Id(Eeprom))),
            ],
            replies.Select(r => (r.Ack, r.Hex)));
        Assert.Equal([0xCC, 0x44, 0xFF, 0x0F], _first.Devices[1].Written);
    }

    [Fact]
    public async Task A_touch_reads_back_the_wired_and_of_the_written_and_the_device_bits()
    {
        var request = Msg(W1MessageType.SlaveCommand, 0, Cmd(W1Command.Touch, "F0F0FF"), Id(Thermometer));

        var replies = await _wire.ExchangeAsync(Hex(request), Seq, Ack);

        Assert.Equal(Msg(W1MessageType.SlaveCommand, 0, Cmd(W1Command.Touch, "000003"), Id(Thermometer)), replies[0].Hex);
    }

    [Fact]
    public async Task An_unknown_master_is_refused_with_enodev_and_the_request_goes_on()
    {
        var request = Msg(W1MessageType.MasterCommand, 0, Cmd(W1Command.Reset, ""), Master(99))
            + Msg(W1MessageType.MasterCommand, 0, Cmd(W1Command.Reset, ""), Master(1));

        var replies = await _wire.ExchangeAsync(Hex(request), Seq, Ack);

        // The refusal is the message alone, length 0, with the request's seq and ack.
        Assert.Equal(
            [
                (Seq, Ack, Msg(W1MessageType.MasterCommand, W1Status.NoDevice, "", Master(99))),
                (Seq, Ack, Msg(W1MessageType.MasterCommand, 0, Cmd(W1Command.Reset, ""), Master(1))),
            ],
            replies.Select(r => (r.Seq, r.Ack, r.Hex)));
    }

    [Theory]
    [InlineData(W1MessageType.MasterCommand, "")]
    [InlineData(W1MessageType.MasterAdd, "05000000")]
    public async Task A_message_without_commands_or_of_an_unknown_type_is_refused_with_eproto_and_ends_the_request(W1MessageType type, string body)
    {
        var request = Msg(W1MessageType.ListMasters, 0, "")
            + Msg(type, 0, body, Master(1))
            + Msg(W1MessageType.MasterCommand, 0, Cmd(W1Command.Reset, ""), Master(1));

        var replies = await _wire.ExchangeAsync(Hex(request), Seq, Ack);

        Assert.Equal(2, replies.Count);
        Assert.Equal((Seq + 1, W1MessageType.ListMasters), (replies[0].Ack, (W1MessageType)replies[0].Payload[0]));
        Assert.Equal((Ack, Msg(type, W1Status.Protocol, "", Master(1))), (replies[1].Ack, replies[1].Hex));
    }

    [Theory]
    [InlineData("060000")]                                         // a header cut short
    [InlineData("04000500" + "0100000000000000" + "05000000")]     // a message length past the end
    public async Task A_request_whose_lengths_do_not_fit_is_dropped_unanswered(string tail)
    {
        var request = Msg(W1MessageType.MasterCommand, 0, Cmd(W1Command.Reset, ""), Master(1)) + tail;

        var replies = await _wire.ExchangeAsync(Hex(request), Seq, Ack);

        Assert.Empty(replies);
        Assert.Equal(1, _bus.Dropped);
    }

    [Fact]
    public async Task A_command_length_past_its_message_gets_e2big_after_the_commands_before_it()
    {
        var request = Msg(W1MessageType.MasterCommand, 0, Cmd(W1Command.Reset, "") + "01003200" + "AABB", Master(1));

        var replies = await _wire.ExchangeAsync(Hex(request), Seq, Ack);

        Assert.Equal(
            [
                Msg(W1MessageType.MasterCommand, 0, Cmd(W1Command.Reset, ""), Master(1)),
                Msg(W1MessageType.MasterCommand, W1Status.TooBig, Cmd(W1Command.Write, ""), Master(1)),
            ],
            replies.Select(r => r.Hex));
    }

    [Fact]
    public async Task A_slave_whose_bus_gives_no_presence_pulse_fails_its_first_command_and_nothing_more_runs()
    {
        foreach (var device in _first.Devices)
        {
            device.Present = false;
        }

        var request = Msg(W1MessageType.SlaveCommand, 0, Cmd(W1Command.Read, "0000") + Cmd(W1Command.Write, "01"), Id(Thermometer));

        var replies = await _wire.ExchangeAsync(Hex(request), Seq, Ack);

        var reply = Assert.Single(replies);
        Assert.Equal((Ack, Msg(W1MessageType.SlaveCommand, W1Status.NoDevice, Cmd(W1Command.Read, ""), Id(Thermometer))), (reply.Ack, reply.Hex));
        Assert.Empty(_first.Devices[0].Written);
    }

    [Fact]
    public async Task A_reset_is_status_0_with_a_device_present_and_255_on_an_empty_bus()
    {
        var request = Msg(W1MessageType.MasterCommand, 0, Cmd(W1Command.Reset, ""), Master(1))
            + Msg(W1MessageType.MasterCommand, 0, Cmd(W1Command.Reset, ""), Master(2));

        var replies = await _wire.ExchangeAsync(Hex(request), Seq, Ack);

        Assert.Equal([0, W1Status.NoPresence], replies.Select(r => r.Payload[1]));
    }

    [Fact]
    public async Task A_search_finds_devices_in_rom_search_order_and_attaches_those_with_a_valid_crc()
    {
        // Ids that differ first in their lowest bits: the search takes the 0 branch first,
        // least significant bit first, so 0x...02 comes before 0x...01 only when bit 0 says so.
        var evenSerial = W1SlaveId.Create(0x10, 0x0000_0000_0002);
        var oddSerial = W1SlaveId.Create(0x10, 0x0000_0000_0001);
        var badCrc = new W1SlaveId(W1SlaveId.Create(0x10, 0x0000_0000_0004).Value ^ (1UL << 63));
        foreach (var id in new[] { oddSerial, badCrc, evenSerial })
        {
            _empty.AddDevice(id, attached: false);
        }

        await using var listener = new W1Wire(_connector, W1NetlinkMessage.Group);
        var request = Msg(W1MessageType.MasterCommand, 0, Cmd(W1Command.Search, ""), Master(2));

        var replies = await _wire.ExchangeAsync(Hex(request), Seq, Ack);

        var expectedOrder = new[] { evenSerial, badCrc, oddSerial }.OrderBy(i => RomSearchOrder.Key(i.Value)).ToArray();
        Assert.Equal(Msg(W1MessageType.MasterCommand, 0, Cmd(W1Command.Search, string.Concat(expectedOrder.Select(Id))), Master(2)), replies[0].Hex);
        Assert.Equal(new[] { evenSerial, oddSerial }.OrderBy(i => RomSearchOrder.Key(i.Value)), _empty.Attached);

        // Each attachment is announced to the w1 group, numbered by the master's own counter
        // (0 went to its W1_MASTER_ADD).
        var events = new List<W1Reply>();
        await Transport.Wait.UntilAsync(
            () =>
            {
                events.AddRange(listener.Drain().Where(e => e.Payload[0] == (byte)W1MessageType.SlaveAdd));
                return events.Count >= 2;
            },
            "the SLAVE_ADD events");
        Assert.Equal(
            _empty.Attached.Select((id, i) => ((uint)i + 1, 0u, Msg(W1MessageType.SlaveAdd, 0, "", Id(id)))),
            events.Select(e => (e.Seq, e.Ack, e.Hex)));
    }

    [Fact]
    public async Task A_search_command_carrying_data_has_that_data_read_as_the_next_command()
    {
        // The kernel zeroes a search's length before stepping over it.
        var request = Msg(W1MessageType.MasterCommand, 0, Cmd(W1Command.Search, Cmd(W1Command.Reset, "")), Master(2));

        var replies = await _wire.ExchangeAsync(Hex(request), Seq, Ack);

        Assert.Equal(
            [(W1Command.Search, 0), (W1Command.Search, 0), (W1Command.Reset, W1Status.NoPresence)],
            replies.Select(r => ((W1Command)r.Payload[12], (int)r.Payload[1])));
    }

    [Fact]
    public async Task Slaves_are_added_and_removed_by_command_as_the_kernel_allows()
    {
        var phantom = W1SlaveId.Create(0x3A, 0x0000_0000_0777);
        var request = Msg(W1MessageType.MasterCommand, 0,
            Cmd(W1Command.SlaveAdd, Id(phantom)) + Cmd(W1Command.SlaveAdd, Id(phantom)) + Cmd(W1Command.SlaveRemove, Id(Thermometer))
            + Cmd(W1Command.SlaveRemove, Id(Thermometer)) + Cmd(W1Command.SlaveAdd, "0102"), Master(1));

        var replies = await _wire.ExchangeAsync(Hex(request), Seq, Ack);

        Assert.Equal([0, W1Status.Invalid, 0, W1Status.Invalid, W1Status.Invalid], replies.Select(r => r.Payload[1]));
        Assert.Equal([Eeprom, phantom], _first.Attached);
    }

    [Fact]
    public async Task A_read_on_the_master_without_a_selected_slave_reads_an_idle_bus()
    {
        var request = Msg(W1MessageType.MasterCommand, 0, Cmd(W1Command.Read, "000000"), Master(1));

        var replies = await _wire.ExchangeAsync(Hex(request), Seq, Ack);

        Assert.Equal(Msg(W1MessageType.MasterCommand, 0, Cmd(W1Command.Read, "FFFFFF"), Master(1)), replies[0].Hex);
    }

    // A w1_netlink_msg in hex: type, status, len (little-endian), id, then the body.
    private static string Msg(W1MessageType type, byte status, string body, string id = "0000000000000000") =>
        ((byte)type).ToString("X2", CultureInfo.InvariantCulture) + status.ToString("X2", CultureInfo.InvariantCulture) + U16(body.Length / 2) + id + body;

    private static string Cmd(W1Command command, string data) =>
        ((byte)command).ToString("X2", CultureInfo.InvariantCulture) + "00" + U16(data.Length / 2) + data;

    private static string Master(uint id) => Convert.ToHexString(BitConverter.GetBytes(id)) + "00000000";

    private static string Id(W1SlaveId id) => Convert.ToHexString(BitConverter.GetBytes(id.Value));

    private static string U16(int value) => Convert.ToHexString(BitConverter.GetBytes((ushort)value));

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);
}
