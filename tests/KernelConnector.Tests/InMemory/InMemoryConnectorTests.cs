using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;
using KernelConnector.Testing;
using KernelConnector.Tests.Transport;
using Xunit;

namespace KernelConnector.Tests.InMemory;

/// <summary>The endpoint contract in memory, and what only the in-memory connector offers.</summary>
public sealed class InMemoryConnectorTests : EndpointContractTests, IDisposable
{
    private readonly InMemoryConnector _connector = new();

    protected override IConnectorEndpoint Open(ConnectorEndpointOptions? options = null) => _connector.Open(options);

    public void Dispose() => _connector.Dispose();

    [Fact]
    public async Task A_full_queue_overruns_like_a_socket_and_the_loop_goes_on()
    {
        using var small = new InMemoryConnector(queueCapacity: 64);
        await using var sender = small.Open();
        await using var listener = small.Open(new ConnectorEndpointOptions { Groups = [23] });
        var c = new Collector();
        var losses = new ConcurrentQueue<ConnectorLossEventArgs>();
        listener.Loss += (_, e) => losses.Enqueue(e);
        for (uint i = 0; i < 100; i++)
        {
            sender.Send(new Ping { Number = i }, ConnectorAddress.Group(23));
        }

        using var stop = new CancellationTokenSource();
        var loop = listener.RunAsync(c.Router, stop.Token);
        await Wait.UntilAsync(() => c.Pings.Count == 64, "the 64 queued messages");
        sender.Send(new Ping { Number = 999 }, ConnectorAddress.Group(23));
        await Wait.UntilAsync(() => c.Pings.Any(p => p.Number == 999), "a message after the overrun");

        Assert.Equal(1, listener.Statistics.Overruns);
        Assert.Contains(losses, l => l.Kind == ConnectorLossKind.Overrun);
        Assert.Equal(101, listener.Statistics.Received + listener.Statistics.SequenceGaps);
        stop.Cancel();
        await loop;
    }

    [Fact]
    public async Task Kernel_side_callbacks_receive_what_is_sent_to_port_0_and_answer_it()
    {
        _connector.AddKernelCallback((in ReceivedConnectorMessage<Ping> m, KernelReplyContext reply) =>
            reply.Reply(new Pong { Number = m.Value.Number, Value = m.Value.Value + 1 }, "from the kernel"u8));
        Assert.Throws<InvalidOperationException>(() => _connector.AddKernelCallback((in ReceivedConnectorMessage<Ping> m, KernelReplyContext r) => { }));
        await using var endpoint = _connector.Open();
        using var stop = new CancellationTokenSource();
        var loop = endpoint.RunAsync(new ConnectorRouter(), stop.Token);

        var reply = await endpoint.RequestAsync<Ping, Pong>(new Ping { Number = 3, Value = 41 }, ConnectorAddress.Kernel);

        Assert.Equal((3u, 42u, 0u), (reply.Value.Number, reply.Value.Value, reply.SenderPortId));
        Assert.Equal("from the kernel"u8.ToArray(), reply.Trailing);
        Assert.True(_connector.RemoveKernelCallback(Ping.Id));
        await Assert.ThrowsAsync<TimeoutException>(() => endpoint.RequestAsync<Ping, Pong>(new Ping(), ConnectorAddress.Kernel, default, new ConnectorRequestOptions { Timeout = TimeSpan.FromMilliseconds(100) }));
        stop.Cancel();
        await loop;
    }

    [Fact]
    public void Id_notification_exists_in_memory_for_the_ids_asked_about()
    {
        var seen = new List<(CbId, bool)>();
        using (_connector.WatchCallbacks(idxFirst: 40, idxRange: 1, valFirst: 0, valRange: 10, (id, added) => seen.Add((id, added))))
        {
            _connector.AddKernelCallback((in ReceivedConnectorMessage<Ping> m, KernelReplyContext r) => { });
            _connector.AddKernelCallback((in ReceivedConnectorMessage<Generated.Probe> m, KernelReplyContext r) => { });
            _connector.RemoveKernelCallback(Ping.Id);
        }

        _connector.AddKernelCallback((in ReceivedConnectorMessage<Ping> m, KernelReplyContext r) => { });
        Assert.Equal([(Ping.Id, true), (Ping.Id, false)], seen);
    }

    [Fact]
    public async Task Process_event_code_runs_unchanged_against_an_emulated_cn_proc()
    {
        // The kernel's process-event connector, as it behaves: it acknowledges a listen request
        // with ack + 1 but a seq from its own per-CPU counter, and multicasts events to group 1.
        var listening = new TaskCompletionSource();
        _connector.AddKernelCallback((in ReceivedConnectorMessage<ProcMulticastRequest> m, KernelReplyContext reply) =>
        {
            reply.Reply(new ProcEvent { What = ProcEventKind.None, Cpu = 0 }, ConnectorAddress.Group(1), seq: 16431);
            if (m.Value.Op == ProcCnMcastOp.Listen)
            {
                listening.TrySetResult();
            }
        });

        await using var endpoint = _connector.Open();
        var events = new ConcurrentQueue<ProcEvent>();
        await using var source = await ProcessEventSource.StartAsync(endpoint, new ProcessEventSourceOptions
        {
            Events = ProcEventKind.Exit,
            Callback = (in ReceivedConnectorMessage<ProcEvent> m) => events.Enqueue(m.Value),
        });
        await listening.Task;

        var exit = new ProcEvent { What = ProcEventKind.Exit, Cpu = 1 };
        exit.Exit.ProcessTgid = 4242;
        exit.Exit.WaitStatus = 3 << 8;
        _connector.SendFromKernel(new ProcEvent { What = ProcEventKind.Fork, Cpu = 1 }, ConnectorAddress.Group(1), seq: 100, ack: 0);
        _connector.SendFromKernel(exit, ConnectorAddress.Group(1), seq: 101, ack: 0);
        await Wait.UntilAsync(() => !events.IsEmpty, "the exit event");

        var ev = Assert.Single(events);
        Assert.Equal((4242, 3), (ev.Exit.ProcessTgid, ev.Exit.ExitStatus));
        Assert.Equal(1, source.FilteredOut);

        // Behind the kernel's filter the withheld events leave gaps that are no loss: the source
        // stops counting them on the endpoint it was given, and gives it back counting.
        Assert.Equal(source.FilterMode != ProcessEventFilterMode.Kernel, endpoint.CountSequenceGaps);
        await source.DisposeAsync();
        Assert.True(endpoint.CountSequenceGaps);
    }

    [Fact]
    public async Task Events_a_stalled_reader_had_no_room_for_are_counted_as_dropped_by_the_reader()
    {
        // ReadAllAsync's channel holds ChannelCapacity events; a reader that does not read while
        // five arrive keeps the first two, and the three dropped are counted, not silently lost.
        _connector.AddKernelCallback((in ReceivedConnectorMessage<ProcMulticastRequest> m, KernelReplyContext reply) =>
            reply.Reply(new ProcEvent { What = ProcEventKind.None }, ConnectorAddress.Group(1), seq: 1));
        await using var endpoint = _connector.Open();
        await using var source = await ProcessEventSource.StartAsync(endpoint, new ProcessEventSourceOptions { Events = ProcEventKind.Exit, ChannelCapacity = 2 });
        for (var i = 0; i < 5; i++)
        {
            var exit = new ProcEvent { What = ProcEventKind.Exit };
            exit.Exit.ProcessTgid = 100 + i;
            _connector.SendFromKernel(exit, ConnectorAddress.Group(1), seq: (uint)(10 + i), ack: 0);
        }

        await Wait.UntilAsync(() => source.DroppedByReader == 3, "three events counted as dropped");
        var read = new List<int>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var ev in source.ReadAllAsync(timeout.Token))
        {
            read.Add(ev.Exit.ProcessTgid);
            if (read.Count == 2)
            {
                break;
            }
        }

        Assert.Equal([100, 101], read);
        Assert.Equal(3, source.DroppedByReader);
    }

    [Fact]
    public async Task A_process_table_is_kept_by_one_source_at_a_time()
    {
        // Two sources on one table would apply every event twice (a process would exit twice,
        // its threads counted double): the second is refused until the first is disposed.
        _connector.AddKernelCallback((in ReceivedConnectorMessage<ProcMulticastRequest> m, KernelReplyContext reply) =>
            reply.Reply(new ProcEvent { What = ProcEventKind.None }, ConnectorAddress.Group(1), seq: 1));
        var table = new ProcessTable();
        await using var firstEndpoint = _connector.Open();
        await using var secondEndpoint = _connector.Open();
        var first = await ProcessEventSource.StartAsync(firstEndpoint, new ProcessEventSourceOptions { Processes = table, ProcessCallback = (in ProcEvent _, ProcessRecord? _) => { } });
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ProcessEventSource.StartAsync(secondEndpoint, new ProcessEventSourceOptions { Processes = table }));
        Assert.StartsWith("This ProcessTable is already kept current by another ProcessEventSource.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, secondEndpoint.PendingRequests);

        await first.DisposeAsync();
        await using var second = await ProcessEventSource.StartAsync(secondEndpoint, new ProcessEventSourceOptions { Processes = table });
        Assert.Same(table, second.Processes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_channel_with_no_room_is_refused_before_anything_is_subscribed(int capacity)
    {
        await using var endpoint = _connector.Open();
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ProcessEventSource.StartAsync(endpoint, new ProcessEventSourceOptions { ChannelCapacity = capacity }));
        Assert.Contains("ChannelCapacity must be at least 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, endpoint.PendingRequests);
    }

    [Fact]
    public async Task A_kernel_that_never_acknowledges_is_reported_after_a_short_timeout()
    {
        await using var endpoint = _connector.Open();
        var error = await Assert.ThrowsAsync<ProcessEventsException>(() => ProcessEventSource.StartAsync(endpoint,
            new ProcessEventSourceOptions { AcknowledgementTimeout = TimeSpan.FromMilliseconds(100) }));
        Assert.Contains("did not acknowledge", error.Message, StringComparison.Ordinal);
        Assert.Contains("CONFIG_PROC_EVENTS", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, endpoint.PendingRequests);
    }

    [Fact]
    public async Task A_refusal_is_reported_with_the_kernels_error_code()
    {
        _connector.AddKernelCallback((in ReceivedConnectorMessage<ProcMulticastRequest> m, KernelReplyContext reply) =>
        {
            var ack = new ProcEvent { What = ProcEventKind.None };
            ack.Ack.Err = 1; // EPERM, as older kernels answer unprivileged listeners
            reply.Reply(ack, ConnectorAddress.Group(1), seq: 7);
        });
        await using var endpoint = _connector.Open();
        var error = await Assert.ThrowsAsync<ProcessEventsException>(() => ProcessEventSource.StartAsync(endpoint));
        Assert.Equal(1, error.ErrorCode);
        Assert.Contains("CAP_NET_ADMIN", error.Message, StringComparison.Ordinal);
    }
}
