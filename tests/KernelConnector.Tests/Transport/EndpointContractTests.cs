using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;
using KernelConnector.Testing;
using Xunit;

namespace KernelConnector.Tests.Transport;

/// <summary>
/// What every <see cref="IConnectorEndpoint"/> does, whatever carries it: the same tests run
/// against the real kernel connector and against <see cref="InMemoryConnector"/>.
/// </summary>
public abstract class EndpointContractTests
{
    /// <summary>Opens an endpoint of the kind under test; all endpoints of one test can reach each other.</summary>
    protected abstract IConnectorEndpoint Open(ConnectorEndpointOptions? options = null);

    protected sealed class Collector
    {
        public ConcurrentQueue<(uint Number, uint Seq, uint Ack, uint Port, int Trailing)> Pings { get; } = new();

        public ConnectorRouter Router { get; } = new();

        public Collector() =>
            Router.Add((in ReceivedConnectorMessage<Ping> m) => Pings.Enqueue((m.Value.Number, m.Seq, m.Ack, m.SenderPortId, m.Trailing.Length)));
    }

    [Fact]
    public async Task Multicast_reaches_every_listener_of_the_group()
    {
        await using var sender = Open();
        await using var first = Open(new ConnectorEndpointOptions { Groups = [24] });
        await using var second = Open();
        second.JoinGroup(24);
        var a = new Collector();
        var b = new Collector();
        using var stop = new CancellationTokenSource();
        var loops = new[] { first.RunAsync(a.Router, stop.Token), second.RunAsync(b.Router, stop.Token) };

        var seqs = new List<uint>();
        for (uint i = 0; i < 10; i++)
        {
            seqs.Add(sender.Send(new Ping { Number = i }, ConnectorAddress.Group(24), [1, 2, 3]));
        }

        await Wait.UntilAsync(() => a.Pings.Count == 10 && b.Pings.Count == 10, "both listeners to get 10 pings");
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (uint)i), seqs);
        foreach (var collector in new[] { a, b })
        {
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (uint)i), collector.Pings.Select(p => p.Number));
            Assert.Equal(seqs, collector.Pings.Select(p => p.Seq));
            Assert.All(collector.Pings, p => Assert.Equal(sender.PortId, p.Port));
            Assert.All(collector.Pings, p => Assert.Equal(3, p.Trailing));
        }

        // The callback runs before the endpoint counts the message as dispatched: the counters are
        // read once the loops have ended, not while the last message may still be in the loop.
        stop.Cancel();
        await Task.WhenAll(loops);
        Assert.Equal(10, sender.Statistics.Sent);
        Assert.Equal(10, first.Statistics.Dispatched);
        Assert.Equal(10, second.Statistics.Dispatched);
    }

    [Fact]
    public async Task Unicast_reaches_only_the_addressed_port()
    {
        await using var sender = Open();
        await using var target = Open();
        await using var other = Open(new ConnectorEndpointOptions { Groups = [24] });
        var t = new Collector();
        var o = new Collector();
        using var stop = new CancellationTokenSource();
        var loops = new[] { target.RunAsync(t.Router, stop.Token), other.RunAsync(o.Router, stop.Token) };

        sender.Send(new Ping { Number = 42 }, ConnectorAddress.Port(target.PortId));
        await Wait.UntilAsync(() => t.Pings.Count == 1, "the addressed socket to get the ping");
        sender.Send(new Ping { Number = 43 }, ConnectorAddress.Port(other.PortId));
        await Wait.UntilAsync(() => o.Pings.Count == 1, "the other socket to get its own ping");

        Assert.Equal([42u], t.Pings.Select(p => p.Number));
        Assert.Equal([43u], o.Pings.Select(p => p.Number));
        Assert.NotEqual(target.PortId, other.PortId);
        Assert.NotEqual(0u, target.PortId);
        stop.Cancel();
        await Task.WhenAll(loops);
    }

    [Fact]
    public async Task Joining_and_leaving_a_group_changes_what_arrives()
    {
        await using var sender = Open();
        await using var listener = Open();
        var c = new Collector();
        using var stop = new CancellationTokenSource();
        var loop = listener.RunAsync(c.Router, stop.Token);

        sender.Send(new Ping { Number = 1 }, ConnectorAddress.Group(25));
        listener.JoinGroup(25);
        sender.Send(new Ping { Number = 2 }, ConnectorAddress.Group(25));
        await Wait.UntilAsync(() => c.Pings.Count == 1, "the ping sent after joining");
        listener.LeaveGroup(25);
        sender.Send(new Ping { Number = 3 }, ConnectorAddress.Group(25));

        // A unicast sent after the last multicast shows the loop is alive and has read past it.
        sender.Send(new Ping { Number = 4 }, ConnectorAddress.Port(listener.PortId));
        await Wait.UntilAsync(() => c.Pings.Count == 2, "the unicast sentinel");
        Assert.Equal([2u, 4u], c.Pings.Select(p => p.Number));
        stop.Cancel();
        await loop;
    }

    [Fact]
    public async Task Many_concurrent_requests_each_get_their_own_reply()
    {
        await using var responder = Open(new ConnectorEndpointOptions { ReceiveBufferSize = 1 << 20 });
        await using var requester = Open(new ConnectorEndpointOptions { ReceiveBufferSize = 1 << 20 });
        var answers = new ConnectorRouter();
        answers.Add((in ReceivedConnectorMessage<Ping> m) =>
            responder.Reply(new Pong { Number = m.Value.Number, Value = m.Value.Value * 2 }, ConnectorAddress.Port(m.SenderPortId), m.Seq, m.Ack));
        using var stop = new CancellationTokenSource();
        var loops = new[] { responder.RunAsync(answers, stop.Token), requester.RunAsync(new ConnectorRouter(), stop.Token) };

        var requests = Enumerable.Range(1, 300).Select(async i =>
        {
            await Task.Yield();
            var reply = await requester.RequestAsync<Ping, Pong>(new Ping { Number = (uint)i, Value = (uint)i }, ConnectorAddress.Port(responder.PortId));
            return (i, reply.Value.Number, reply.Value.Value);
        }).ToArray();
        var results = await Task.WhenAll(requests);

        Assert.All(results, r => Assert.Equal(((uint)r.i, (uint)r.i * 2), (r.Number, r.Value)));
        Assert.Equal(0, requester.PendingRequests);
        Assert.Equal(0, requester.Statistics.Unrouted);
        stop.Cancel();
        await Task.WhenAll(loops);
    }

    [Fact]
    public async Task A_message_without_fields_travels_as_an_empty_payload_to_a_handler_class_and_as_a_request_and_its_reply()
    {
        await using var requester = Open();
        await using var responder = Open();
        await using var handled = Open();
        var answers = new ConnectorRouter();
        answers.Add((in ReceivedConnectorMessage<Nudge> m) =>
            responder.Reply(new Bare(), ConnectorAddress.Port(m.SenderPortId), m.Seq, m.Ack, m.Trailing.Length == 0 ? "pong"u8 : "long"u8));
        var handlers = new FieldlessHandlers();
        using var stop = new CancellationTokenSource();
        var loops = new[] { requester.RunAsync(new ConnectorRouter(), stop.Token), responder.RunAsync(answers, stop.Token), handled.RunAsync(handlers, stop.Token) };

        // The fixed part is 0 bytes: the reply's trailing bytes start at the payload's first byte.
        var reply = await requester.RequestAsync<Nudge, Bare>(new Nudge(), ConnectorAddress.Port(responder.PortId));
        Assert.Equal("pong"u8.ToArray(), reply.Trailing);

        var first = requester.Send(new Nudge(), ConnectorAddress.Port(handled.PortId));
        var second = requester.Send(new Bare(), ConnectorAddress.Port(handled.PortId), "abc"u8);
        await Wait.UntilAsync(() => handlers.Received.Count == 2, "the handler class to get both messages");
        stop.Cancel();
        await Task.WhenAll(loops);
        Assert.Equal([(nameof(Nudge), first, ""), (nameof(Bare), second, "abc")], handlers.Received.Select(r => (r.Type, r.Seq, System.Text.Encoding.ASCII.GetString(r.Trailing))));
        Assert.Equal((2L, 0L, 0L), (handled.Statistics.Dispatched, handled.Statistics.Invalid, handled.Statistics.Malformed));
    }

    [Fact]
    public async Task A_request_nobody_answers_times_out_and_leaves_nothing_pending()
    {
        await using var silent = Open();
        await using var requester = Open();
        using var stop = new CancellationTokenSource();
        var loop = requester.RunAsync(new ConnectorRouter(), stop.Token);

        var options = new ConnectorRequestOptions { Timeout = TimeSpan.FromMilliseconds(200) };
        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            requester.RequestAsync<Ping, Pong>(new Ping(), ConnectorAddress.Port(silent.PortId), default, options));
        Assert.Contains("200 ms", error.Message, StringComparison.Ordinal);
        Assert.Contains("{40, 2}", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, requester.PendingRequests);

        using var cancel = new CancellationTokenSource(50);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            requester.RequestAsync<Ping, Pong>(new Ping(), ConnectorAddress.Port(silent.PortId), default, null, cancel.Token));
        Assert.Equal(0, requester.PendingRequests);
        stop.Cancel();
        await loop;
    }

    [Fact]
    public async Task A_kernel_owned_id_from_a_userspace_port_is_dropped_and_counted()
    {
        await using var sender = Open();
        await using var guarded = Open(new ConnectorEndpointOptions { Groups = [26] });
        await using var trusting = Open(new ConnectorEndpointOptions { Groups = [26], Spoofing = SpoofingPolicy.Allow });
        var guardedEvents = 0;
        var trustingEvents = 0;
        var g = new ConnectorRouter();
        g.Add((in ReceivedConnectorMessage<ProcEvent> m) => Interlocked.Increment(ref guardedEvents));
        var t = new ConnectorRouter();
        t.Add((in ReceivedConnectorMessage<ProcEvent> m) => Interlocked.Increment(ref trustingEvents));
        using var stop = new CancellationTokenSource();
        var loops = new[] { guarded.RunAsync(g, stop.Token), trusting.RunAsync(t, stop.Token) };

        sender.Send(new FakeProcEvent { What = (uint)ProcEventKind.Exit }, ConnectorAddress.Group(26));
        await Wait.UntilAsync(() => guarded.Statistics.Spoofed == 1 && Volatile.Read(ref trustingEvents) == 1, "the spoofed event to be dropped by one and let through by the other");
        Assert.Equal(0, Volatile.Read(ref guardedEvents));
        Assert.Equal(0, guarded.Statistics.Dispatched);
        stop.Cancel();
        await Task.WhenAll(loops);
    }

    [Fact]
    public async Task Gaps_in_a_senders_sequence_are_counted_and_reported()
    {
        await using var sender = Open();
        await using var listener = Open();
        var c = new Collector();
        var losses = new ConcurrentQueue<ConnectorLossEventArgs>();
        listener.Loss += (_, e) => losses.Enqueue(e);
        using var stop = new CancellationTokenSource();
        var loop = listener.RunAsync(c.Router, stop.Token);

        // Reply lets the test choose the sequence numbers: 0, 1, then 6 (4 missing), then 7.
        foreach (var seq in new uint[] { 0, 1, 6, 7 })
        {
            sender.Reply(new Ping { Number = seq }, ConnectorAddress.Port(listener.PortId), seq, 0);
        }

        await Wait.UntilAsync(() => c.Pings.Count == 4, "four pings");
        Assert.Equal(4, listener.Statistics.SequenceGaps);
        var loss = Assert.Single(losses);
        Assert.Equal(ConnectorLossKind.SequenceGap, loss.Kind);
        Assert.Equal(4, loss.Count);
        Assert.Equal(sender.PortId, loss.SenderPortId);
        Assert.Equal(Ping.Id, loss.Id);
        stop.Cancel();
        await loop;
    }

    [Fact]
    public async Task Gaps_of_a_keyed_type_are_counted_per_key_whichever_dispatcher_types_it()
    {
        // The endpoint learns the key from the message type itself (Tick.Key is its [SequenceKey]),
        // whether a router or a generated handler class types the message.
        await using var sender = Open();
        await using var routed = Open();
        await using var generated = Open();
        var router = new ConnectorRouter();
        var routedTicks = new ConcurrentQueue<(uint Key, uint Seq)>();
        router.Add((in ReceivedConnectorMessage<Tick> m) => routedTicks.Enqueue((m.Value.Key, m.Seq)));
        var handlers = new TickHandlers();
        var losses = new ConcurrentQueue<ConnectorLossEventArgs>();
        routed.Loss += (_, e) => losses.Enqueue(e);
        generated.Loss += (_, e) => losses.Enqueue(e);
        using var stop = new CancellationTokenSource();
        var loops = new[] { routed.RunAsync(router, stop.Token), generated.RunAsync(handlers, stop.Token) };

        // Key 0 counts 0, 1, 2; key 1 counts 10, 11, then 15 (3 missing). Counted per sender, the
        // interleaved numbers would jump back and forth instead.
        (uint Key, uint Seq)[] ticks = [(0, 0), (1, 10), (0, 1), (1, 11), (0, 2), (1, 15)];
        foreach (var (key, seq) in ticks)
        {
            sender.Reply(new Tick { Key = key }, ConnectorAddress.Port(routed.PortId), seq, 0);
            sender.Reply(new Tick { Key = key }, ConnectorAddress.Port(generated.PortId), seq, 0);
        }

        await Wait.UntilAsync(() => routedTicks.Count == 6 && handlers.Ticks.Count == 6, "six ticks at each endpoint");
        stop.Cancel();
        await Task.WhenAll(loops);
        Assert.Equal(ticks, routedTicks);
        Assert.Equal(ticks, handlers.Ticks);
        Assert.Equal(3, routed.Statistics.SequenceGaps);
        Assert.Equal(3, generated.Statistics.SequenceGaps);
        Assert.Equal(2, losses.Count);
        Assert.All(losses, l => Assert.Equal((ConnectorLossKind.SequenceGap, 3L, sender.PortId, Tick.Id, 1u), (l.Kind, l.Count, l.SenderPortId, l.Id, l.SequenceKey)));
    }

    [Fact]
    public async Task A_keyed_reply_takes_its_place_in_its_keys_sequence()
    {
        // The kernel numbers its acknowledgements with the counter of its events: a reply of a
        // keyed type is counted in the key's sequence like any message, or the next one would
        // look like a loss.
        await using var requester = Open();
        await using var responder = Open();
        var answers = new ConnectorRouter();
        answers.Add((in ReceivedConnectorMessage<Ping> m) =>
        {
            if (m.Value.Number != 99)
            {
                return;
            }

            // The request's seq s: key 2 counts s - 1, then s (the reply), then s + 1.
            var to = ConnectorAddress.Port(m.SenderPortId);
            responder.Reply(new Tick { Key = 2, Number = 1 }, to, m.Seq - 1, 0);
            responder.Reply(new Tick { Key = 2, Number = 2 }, to, m.Seq, m.Ack);
            responder.Reply(new Tick { Key = 2, Number = 3 }, to, m.Seq + 1, 0);
        });
        var ticks = new TickHandlers();
        using var stop = new CancellationTokenSource();
        var loops = new[] { responder.RunAsync(answers, stop.Token), requester.RunAsync(ticks, stop.Token) };

        for (uint i = 0; i < 3; i++)
        {
            requester.Send(new Ping { Number = i }, ConnectorAddress.Port(responder.PortId));
        }

        var reply = await requester.RequestAsync<Ping, Tick>(new Ping { Number = 99 }, ConnectorAddress.Port(responder.PortId));
        await Wait.UntilAsync(() => ticks.Ticks.Count == 2, "the ticks before and after the reply");
        stop.Cancel();
        await Task.WhenAll(loops);
        Assert.Equal((2u, 2u, 3u), (reply.Value.Number, reply.Value.Key, reply.Seq));
        Assert.Equal([(2u, 2u), (2u, 4u)], ticks.Ticks);
        Assert.Equal(0, requester.Statistics.SequenceGaps);
        Assert.Equal(3, requester.Statistics.Dispatched);
    }

    [Fact]
    public async Task Gap_counting_is_an_option_that_starts_afresh_when_switched_back_on()
    {
        await using var sender = Open();
        await using var quiet = Open(new ConnectorEndpointOptions { CountSequenceGaps = false });
        await using var listener = Open();
        Assert.False(quiet.CountSequenceGaps);
        Assert.True(listener.CountSequenceGaps);
        var q = new Collector();
        var c = new Collector();
        using var stop = new CancellationTokenSource();
        var loops = new[] { quiet.RunAsync(q.Router, stop.Token), listener.RunAsync(c.Router, stop.Token) };
        void SendWithSeq(IConnectorEndpoint to, uint seq) => sender.Reply(new Ping { Number = seq }, ConnectorAddress.Port(to.PortId), seq, 0);

        // Opened without gap counting: a gap of 4 is no loss.
        SendWithSeq(quiet, 0);
        SendWithSeq(quiet, 5);

        // Counting, then paused over a gap, then on again: what was remembered before the pause is
        // forgotten (30 follows 1 without a loss of 28), and the next gap (33 and 34) counts.
        SendWithSeq(listener, 0);
        SendWithSeq(listener, 1);
        await Wait.UntilAsync(() => c.Pings.Count == 2 && q.Pings.Count == 2, "the first pings");
        listener.CountSequenceGaps = false;
        SendWithSeq(listener, 2);
        SendWithSeq(listener, 9);
        await Wait.UntilAsync(() => c.Pings.Count == 4, "the pings sent while paused");
        listener.CountSequenceGaps = true;
        foreach (var seq in new uint[] { 30, 31, 32, 35 })
        {
            SendWithSeq(listener, seq);
        }

        await Wait.UntilAsync(() => c.Pings.Count == 8, "the pings sent after the pause");
        stop.Cancel();
        await Task.WhenAll(loops);
        Assert.Equal(0, quiet.Statistics.SequenceGaps);
        Assert.Equal(2, listener.Statistics.SequenceGaps);
    }

    [Fact]
    public async Task A_unicast_to_a_full_queue_waits_for_room_then_times_out_and_nothing_is_dropped()
    {
        await using var hasty = Open(new ConnectorEndpointOptions { SendTimeout = TimeSpan.FromMilliseconds(200) });
        await using var patient = Open(new ConnectorEndpointOptions { SendTimeout = TimeSpan.FromSeconds(60) });
        await using var stuck = Open(new ConnectorEndpointOptions { ReceiveBufferSize = 4096 });
        var to = ConnectorAddress.Port(stuck.PortId);

        // Nobody reads: the queue fills, and the send that finds it full waits, then fails.
        var sent = 0;
        var error = await Assert.ThrowsAsync<TimeoutException>(() => Task.Run(() =>
        {
            for (; sent < 100_000; sent++)
            {
                hasty.Send(new Ping { Number = (uint)sent }, to);
            }
        }));
        Assert.Contains($"port {stuck.PortId}", error.Message, StringComparison.Ordinal);
        Assert.Contains("200 ms", error.Message, StringComparison.Ordinal);

        // A sender with time to spare waits until the reader makes room, and then gets through:
        // a unicast is never dropped for a slow reader.
        var waiting = Task.Run(() => patient.Send(new Ping { Number = 1_000_000 }, to));
        var c = new Collector();
        using var stop = new CancellationTokenSource();
        var loop = stuck.RunAsync(c.Router, stop.Token);
        await waiting;
        await Wait.UntilAsync(() => c.Pings.Count == sent + 1, $"the {sent} pings that were sent and the one that waited");
        stop.Cancel();
        await loop;
        Assert.Equal(Enumerable.Range(0, sent).Select(i => (uint)i).Append(1_000_000u), c.Pings.Select(p => p.Number));
        Assert.Equal(0, stuck.Statistics.Overruns);
    }

    [Fact]
    public async Task A_unicast_waiting_for_room_fails_as_unavailable_when_the_receiver_closes()
    {
        await using var hasty = Open(new ConnectorEndpointOptions { SendTimeout = TimeSpan.FromMilliseconds(200) });
        await using var patient = Open(new ConnectorEndpointOptions { SendTimeout = TimeSpan.FromSeconds(60) });
        var stuck = Open(new ConnectorEndpointOptions { ReceiveBufferSize = 4096 });
        var to = ConnectorAddress.Port(stuck.PortId);
        await Assert.ThrowsAsync<TimeoutException>(() => Task.Run(() =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                hasty.Send(new Ping(), to);
            }
        }));

        // The pause lets the send start waiting before the close; should it not have, it fails
        // the same way, through the port lookup. Either way it ends as a send to a port nobody is
        // bound to: not after its minute, and not as a success.
        var waiting = Task.Run(() => patient.Send(new Ping(), to));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        stuck.Dispose();
        var error = await Assert.ThrowsAsync<ConnectorUnavailableException>(() => waiting);
        Assert.Contains($"port {stuck.PortId}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_callback_that_throws_is_isolated_and_reported()
    {
        await using var sender = Open();
        await using var listener = Open();
        var router = new ConnectorRouter();
        var calls = 0;
        router.Add((in ReceivedConnectorMessage<Ping> m) =>
        {
            Interlocked.Increment(ref calls);
            if (m.Value.Number == 1)
            {
                throw new InvalidOperationException("boom");
            }
        });
        var errors = new ConcurrentQueue<ConnectorCallbackErrorEventArgs>();
        listener.CallbackError += (_, e) => errors.Enqueue(e);
        using var stop = new CancellationTokenSource();
        var loop = listener.RunAsync(router, stop.Token);

        sender.Send(new Ping { Number = 1 }, ConnectorAddress.Port(listener.PortId));
        sender.Send(new Ping { Number = 2 }, ConnectorAddress.Port(listener.PortId));
        await Wait.UntilAsync(() => Volatile.Read(ref calls) == 2, "both callbacks");
        var error = Assert.Single(errors);
        Assert.Equal("boom", error.Exception.Message);
        Assert.Equal(1, listener.Statistics.CallbackErrors);
        Assert.False(loop.IsCompleted);

        // Told to stop, the loop ends with the callback's exception.
        listener.CallbackError += (_, e) => e.Stop = true;
        sender.Send(new Ping { Number = 1 }, ConnectorAddress.Port(listener.PortId));
        var stopped = await Assert.ThrowsAsync<ConnectorCallbackException>(() => loop);
        Assert.IsType<InvalidOperationException>(stopped.InnerException);
    }

}
