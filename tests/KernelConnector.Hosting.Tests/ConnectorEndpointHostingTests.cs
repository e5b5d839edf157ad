using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;
using KernelConnector.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit;

namespace KernelConnector.Hosting.Tests;

[ConnectorMessage(21, 1, MaxTrailingBytes = 64)]
[StructLayout(LayoutKind.Sequential)]
public partial struct Reading
{
    public uint Sensor;
    public int Value;
}

[ConnectorMessage(21, 2, UnicastOnly = true)]
[StructLayout(LayoutKind.Sequential)]
public partial struct Ack
{
    public uint Sensor;
}

/// <summary>A service the handler class takes from the container.</summary>
public sealed class ReadingStore
{
    public ConcurrentQueue<(uint Sensor, int Value, string Note, uint From)> Readings { get; } = new();
}

/// <summary>A handler class as a user writes it: callbacks, and constructor dependencies the container supplies.</summary>
public sealed partial class ReadingHandlers(ReadingStore store, IServiceProvider services)
{
    [ConnectorCallback]
    private void OnReading(in ReceivedConnectorMessage<Reading> message)
    {
        if (message.Value.Value < 0)
        {
            throw new InvalidOperationException("negative reading");
        }

        store.Readings.Enqueue((message.Value.Sensor, message.Value.Value, Encoding.UTF8.GetString(message.Trailing), message.SenderPortId));

        // The endpoint is a service too: the handler answers through it.
        services.GetRequiredService<IConnectorEndpoint>().Send(new Ack { Sensor = message.Value.Sensor }, ConnectorAddress.Port(message.SenderPortId));
    }
}

/// <summary>A second handler class, for a second endpoint.</summary>
public sealed partial class AckHandlers(ReadingStore store)
{
    [ConnectorCallback]
    private void OnAck(in ReceivedConnectorMessage<Ack> message) => store.Readings.Enqueue((message.Value.Sensor, 0, "ack", message.SenderPortId));
}

/// <summary>Endpoints and generated handler classes registered in a host, against the in-memory connector.</summary>
public sealed class ConnectorEndpointHostingTests
{
    private static IHost Build(InMemoryConnector connector, Action<IServiceCollection>? more = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Services.AddSingleton<ReadingStore>();
        builder.Services.AddConnectorEndpoint<ReadingHandlers>(_ => connector.Open(new ConnectorEndpointOptions { Groups = [Reading.Group] }));
        more?.Invoke(builder.Services);
        return builder.Build();
    }

    [Fact]
    public async Task The_host_runs_the_loop_into_the_handler_class_from_the_container_which_answers_through_the_endpoint_service()
    {
        using var connector = new InMemoryConnector();
        using var host = Build(connector);
        await host.StartAsync(TestContext.Current.CancellationToken);

        var handlers = host.Services.GetRequiredService<ReadingHandlers>();
        Assert.Same(handlers, host.Services.GetRequiredService<ReadingHandlers>());
        var store = host.Services.GetRequiredService<ReadingStore>();
        var endpoint = host.Services.GetRequiredService<IConnectorEndpoint>();

        using var peer = connector.Open();
        var acks = new ConcurrentQueue<uint>();
        var router = new ConnectorRouter();
        router.Add((in ReceivedConnectorMessage<Ack> m) => acks.Enqueue(m.Value.Sensor));
        var peerLoop = peer.RunAsync(router, TestContext.Current.CancellationToken);
        peer.Send(new Reading { Sensor = 7, Value = 42 }, ConnectorAddress.Group(Reading.Group), "kitchen"u8);

        await Wait.UntilAsync(() => acks.Count == 1, "the handler's answer");
        Assert.Equal((7u, 42, "kitchen", peer.PortId), Assert.Single(store.Readings));
        Assert.Equal(7u, Assert.Single(acks));
        Assert.Equal(1, endpoint.Statistics.Dispatched);

        await host.StopAsync(TestContext.Current.CancellationToken);

        // Stopped: the host's loop has ended (an endpoint has one reader, so a new loop is taken
        // only now), and a message sent now reaches the new loop, not the handler class.
        var after = new ConcurrentQueue<uint>();
        var afterRouter = new ConnectorRouter();
        afterRouter.Add((in ReceivedConnectorMessage<Reading> m) => after.Enqueue(m.Value.Sensor));
        var afterLoop = endpoint.RunAsync(afterRouter, TestContext.Current.CancellationToken);
        peer.Send(new Reading { Sensor = 8, Value = 1 }, ConnectorAddress.Group(Reading.Group));
        await Wait.UntilAsync(() => after.Count == 1, "the reading after the stop");
        Assert.Single(store.Readings);

        var logs = host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == typeof(ConnectorEndpointService).FullName).ToList();
        Assert.Equal($"Receiving connector messages on port {endpoint.PortId} for ReadingHandlers", Assert.Single(logs, r => r.Id.Id == 10).Message);
        Assert.Equal($"Stopped receiving on port {endpoint.PortId}: 1 dispatched, 0 unrouted, 0 invalid, 0 callback failures", Assert.Single(logs, r => r.Id.Id == 11).Message);
        Assert.Equal(2, logs.Count);
        peer.Dispose();
        endpoint.Dispose();
        await peerLoop;
        await afterLoop;
    }

    [Fact]
    public async Task A_failing_callback_is_logged_once_counted_always_and_the_loop_goes_on()
    {
        using var connector = new InMemoryConnector();
        using var host = Build(connector);
        await host.StartAsync(TestContext.Current.CancellationToken);
        var store = host.Services.GetRequiredService<ReadingStore>();

        using var peer = connector.Open();
        peer.Send(new Reading { Sensor = 1, Value = -1 }, ConnectorAddress.Group(Reading.Group));
        peer.Send(new Reading { Sensor = 2, Value = -2 }, ConnectorAddress.Group(Reading.Group));
        peer.Send(new Reading { Sensor = 3, Value = 3 }, ConnectorAddress.Group(Reading.Group));
        await Wait.UntilAsync(() => !store.Readings.IsEmpty, "the good reading");
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3u, Assert.Single(store.Readings).Sensor);
        var logs = host.Services.GetFakeLogCollector().GetSnapshot();
        var failure = Assert.Single(logs, r => r.Id.Id == 13);
        Assert.Equal($"A callback for {Reading.Id} in ReadingHandlers failed; later failures are counted, not logged", failure.Message);
        Assert.Equal("negative reading", failure.Exception!.Message);
        Assert.EndsWith(", 2 callback failures", Assert.Single(logs, r => r.Id.Id == 11).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_loss_is_logged_when_it_happens()
    {
        // A queue of one datagram: the second of two sent before the loop reads overruns it.
        using var connector = new InMemoryConnector(queueCapacity: 1);
        using var host = Build(connector);
        using var peer = connector.Open();
        var endpoint = host.Services.GetRequiredService<IConnectorEndpoint>();
        peer.Send(new Reading { Sensor = 1, Value = 1 }, ConnectorAddress.Group(Reading.Group));
        peer.Send(new Reading { Sensor = 2, Value = 2 }, ConnectorAddress.Group(Reading.Group));
        await host.StartAsync(TestContext.Current.CancellationToken);
        await Wait.UntilAsync(() => host.Services.GetFakeLogCollector().GetSnapshot().Any(r => r.Id.Id == 12), "the loss to be logged");
        await host.StopAsync(TestContext.Current.CancellationToken);

        var lost = Assert.Single(host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 12);
        Assert.Equal(LogLevel.Warning, lost.Level);
        Assert.StartsWith($"Connector messages lost on port {endpoint.PortId} (Overrun, 0 known missing", lost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_endpoints_need_keys_and_each_runs_its_own_handler_class()
    {
        using var connector = new InMemoryConnector();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ReadingStore>();
        builder.Services.AddConnectorEndpoint<ReadingHandlers>(_ => connector.Open(new ConnectorEndpointOptions { Groups = [Reading.Group] }));
        var refused = Assert.Throws<InvalidOperationException>(() => builder.Services.AddConnectorEndpoint<AckHandlers>(_ => connector.Open()));
        Assert.Contains("give the endpoint for AckHandlers a serviceKey", refused.Message, StringComparison.Ordinal);

        builder.Services.AddConnectorEndpoint<AckHandlers>(_ => connector.Open(), serviceKey: "acks");
        var twice = Assert.Throws<InvalidOperationException>(() => builder.Services.AddConnectorEndpoint<AckHandlers>(_ => connector.Open(), serviceKey: "acks"));
        Assert.StartsWith("An endpoint for AckHandlers (service key acks) is registered already", twice.Message, StringComparison.Ordinal);
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var acks = host.Services.GetRequiredKeyedService<IConnectorEndpoint>("acks");
        Assert.NotSame(host.Services.GetRequiredService<IConnectorEndpoint>(), acks);

        // The acks endpoint sends a reading; the readings endpoint's handler answers it; the acks
        // endpoint's own loop receives the answer into its handler class.
        acks.Send(new Reading { Sensor = 5, Value = 50 }, ConnectorAddress.Group(Reading.Group));
        var store = host.Services.GetRequiredService<ReadingStore>();
        await Wait.UntilAsync(() => store.Readings.Count == 2, "the reading and its answer");
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal([(5u, 50, "", acks.PortId), (5u, 0, "ack", host.Services.GetRequiredService<IConnectorEndpoint>().PortId)], store.Readings.ToArray());
    }
}
