using System;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Testing;
using KernelConnector.W1;
using KernelConnector.Wire;
using Xunit;

namespace KernelConnector.Tests.W1;

/// <summary>The w1 client against the emulated bus: typed answers, failures as exceptions with the kernel's status, correlation of concurrent requests.</summary>
public sealed class W1ClientTests : IAsyncDisposable
{
    private static readonly W1SlaveId Thermometer = W1SlaveId.Create(0x28, 0x0000_0007_5B3A);
    private static readonly W1SlaveId Eeprom = W1SlaveId.Create(0x2D, 0x0000_0012_3456);
    private static readonly W1SlaveId Switch = W1SlaveId.Create(0x3A, 0x0000_0000_0042);

    private readonly InMemoryConnector _connector = new();
    private readonly W1BusEmulator _bus;
    private readonly W1EmulatedMaster _first;
    private readonly InMemoryEndpoint _endpoint;
    private readonly W1Client _client;

    public W1ClientTests()
    {
        _bus = new W1BusEmulator(_connector);
        _first = _bus.AddMaster();
        _bus.AddMaster();
        _first.AddDevice(Thermometer, [0x50, 0x05, 0x4B, 0x46, 0x7F, 0xFF, 0x0C, 0x10, 0x1C]);
        _first.AddDevice(Eeprom, [0xAA, 0xBB]);
        _first.AddDevice(Switch, attached: false).Alarm = true;
        _endpoint = _connector.Open();
        _client = new W1Client(_endpoint, TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _endpoint.DisposeAsync();
        _bus.Dispose();
        _connector.Dispose();
    }

    [Fact]
    public async Task Masters_and_their_slaves_are_listed()
    {
        Assert.Equal([2u, 1u], await _client.ListMastersAsync());
        Assert.Equal([Thermometer, Eeprom], await _client.ListSlavesAsync(1));
        Assert.Empty(await _client.ListSlavesAsync(2));
    }

    [Fact]
    public async Task A_search_finds_what_the_list_did_not_know_and_an_alarm_search_only_the_alarming()
    {
        Assert.Equal([Switch], await _client.SearchAsync(1, alarm: true));
        var found = await _client.SearchAsync(1);

        Assert.Equal(3, found.Count);
        Assert.Equal([Thermometer, Eeprom, Switch], await _client.ListSlavesAsync(1));
    }

    [Fact]
    public async Task A_slave_is_read_written_and_touched()
    {
        Assert.Equal([0x50, 0x05, 0x4B], await _client.ReadAsync(Thermometer, 3));
        await _client.WriteAsync(Eeprom, new byte[] { 0x0F, 0x10 });
        Assert.Equal([0xAA & 0x0F, 0xBB], await _client.TouchAsync(Eeprom, new byte[] { 0x0F, 0xFF }));
        Assert.Equal([0x0F, 0x10, 0x0F, 0xFF], _first.Devices[1].Written);
    }

    [Fact]
    public async Task A_reset_says_whether_a_device_answered()
    {
        Assert.True(await _client.ResetAsync(1));
        Assert.False(await _client.ResetAsync(2));
    }

    [Fact]
    public async Task Failures_come_as_w1_exceptions_with_the_kernel_status()
    {
        var noSuchMaster = await Assert.ThrowsAsync<W1Exception>(() => _client.ListSlavesAsync(9));
        Assert.Equal(W1Status.NoDevice, noSuchMaster.Status);
        Assert.Equal("The w1 connector refused ListSlaves on master 9: ENODEV (no such device).", noSuchMaster.Message);

        var unknownSlave = await Assert.ThrowsAsync<W1Exception>(() => _client.ReadAsync(Switch, 1));
        Assert.Equal($"The w1 connector refused Read on slave {Switch}: ENODEV (no such device).", unknownSlave.Message);

        foreach (var device in _first.Devices)
        {
            device.Present = false;
        }

        var silent = await Assert.ThrowsAsync<W1Exception>(() => _client.ReadAsync(Thermometer, 1));
        Assert.Equal($"Read on slave {Thermometer} failed: ENODEV (no such device).", silent.Message);
    }

    [Fact]
    public async Task Several_commands_in_one_message_answer_in_order_and_a_failed_selection_stops_them()
    {
        var response = await _client.ExecuteAsync(W1NetlinkMessage.ForSlave(Thermometer), [W1CommandRequest.Read(2), new(W1Command.Reset), W1CommandRequest.Read(1)]);
        Assert.Equal(
            [(W1Command.Read, 0, "5005"), (W1Command.Reset, (int)W1Status.Invalid, ""), (W1Command.Read, 0, "4B")],
            response.Commands.Select(c => (c.Command, c.Status, Convert.ToHexString(c.Data))));

        foreach (var device in _first.Devices)
        {
            device.Present = false;
        }

        var stopped = await _client.ExecuteAsync(W1NetlinkMessage.ForSlave(Thermometer), [W1CommandRequest.Read(2), W1CommandRequest.Read(1)]);
        Assert.Equal((0, W1Command.Read, (int)W1Status.NoDevice), (stopped.Status, stopped.Commands.Single().Command, stopped.Commands.Single().Status));
    }

    [Fact]
    public async Task Concurrent_requests_each_get_their_own_answer()
    {
        var reads = Enumerable.Range(1, 40).Select(i => _client.ReadAsync(i % 2 == 0 ? Thermometer : Eeprom, i % 5 + 1)).ToArray();

        var results = await Task.WhenAll(reads);

        for (var i = 0; i < results.Length; i++)
        {
            var memory = i % 2 == 1 ? _first.Devices[0].Memory : _first.Devices[1].Memory;
            var expected = memory.Concat(Enumerable.Repeat((byte)0xFF, 8)).Take((i + 1) % 5 + 1);
            Assert.Equal(expected, results[i]);
        }
    }

    [Fact]
    public async Task Requests_the_client_cannot_send_are_refused_before_sending()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _client.ExecuteAsync(new W1NetlinkMessage { Type = W1MessageType.ListMasters }, [new(W1Command.Reset)]));
        await Assert.ThrowsAsync<ArgumentException>(() => _client.ExecuteAsync(W1NetlinkMessage.ForMaster(1), []));
        await Assert.ThrowsAsync<ConnectorMessageSizeException>(() => _client.WriteAsync(Thermometer, new byte[Connector.MaxPayloadSize]));
    }

    [Fact]
    public async Task Without_a_w1_connector_a_request_times_out_with_the_reason()
    {
        using var bare = new InMemoryConnector();
        await using var endpoint = bare.Open();
        await using var client = new W1Client(endpoint, TimeSpan.FromMilliseconds(200));

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => client.ListMastersAsync());

        Assert.Equal("The w1 connector did not answer ListMasters (seq 1) completely within 0.2 s: is the w1 module loaded, with netlink (CONFIG_W1_CON)?", timeout.Message);
    }
}
