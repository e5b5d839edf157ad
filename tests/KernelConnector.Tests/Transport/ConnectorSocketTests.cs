using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.Transport;

/// <summary>The transport against the real kernel connector, between userspace sockets (root).</summary>
public sealed class ConnectorSocketTests
{
    private sealed class Collector
    {
        public ConcurrentQueue<(uint Number, uint Seq, uint Ack, uint Port, int Trailing)> Pings { get; } = new();

        public ConnectorRouter Router { get; } = new();

        public Collector() =>
            Router.Add((in ConnectorMessage<Ping> m) => Pings.Enqueue((m.Value.Number, m.Seq, m.Ack, m.PortId, m.Trailing.Length)));
    }

    [Fact]
    public async Task Multicast_reaches_every_listener_of_the_group()
    {
        KernelRequirement.Require();
        await using var sender = ConnectorSocket.Open();
        await using var first = ConnectorSocket.Open(new ConnectorSocketOptions { Groups = [24] });
        await using var second = ConnectorSocket.Open();
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

        Assert.Equal(10, sender.Statistics.Sent);
        Assert.Equal(10, first.Statistics.Dispatched);
        stop.Cancel();
        await Task.WhenAll(loops);
    }

    [Fact]
    public async Task Unicast_reaches_only_the_addressed_port()
    {
        KernelRequirement.Require();
        await using var sender = ConnectorSocket.Open();
        await using var target = ConnectorSocket.Open();
        await using var other = ConnectorSocket.Open(new ConnectorSocketOptions { Groups = [24] });
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
        KernelRequirement.Require();
        await using var sender = ConnectorSocket.Open();
        await using var listener = ConnectorSocket.Open();
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
    public void Groups_Linux_cannot_join_are_refused_before_the_kernel_is_asked()
    {
        KernelRequirement.Require();
        using var socket = ConnectorSocket.Open();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => socket.JoinGroup(33));
        Assert.Contains("1 to 32", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.JoinGroup(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.Send(new Ping(), ConnectorAddress.Group(40)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConnectorSocket.Open(new ConnectorSocketOptions { Groups = [33] }));
        socket.JoinGroup(32);
        socket.LeaveGroup(32);
    }

    [Fact]
    public async Task Oversize_messages_are_refused_before_any_byte_is_sent()
    {
        KernelRequirement.Require();
        await using var sender = ConnectorSocket.Open();
        await using var listener = ConnectorSocket.Open();
        Assert.Throws<ConnectorMessageSizeException>(() => sender.Send(new Ping(), ConnectorAddress.Port(listener.PortId), new byte[257]));
        Assert.Equal(0, sender.Statistics.Sent);
    }

    // A responder written with raw socket calls in C, so the protocol is not only tested against itself:
    // it answers each request with seq unchanged, ack + 1, and value + 1000.
    private const string Responder = """
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <sys/socket.h>
        #include <linux/netlink.h>
        #include <linux/connector.h>

        int main(int argc, char **argv)
        {
            int count = atoi(argv[1]);
            int s = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_CONNECTOR);
            struct sockaddr_nl me = { .nl_family = AF_NETLINK };
            if (s < 0 || bind(s, (struct sockaddr *)&me, sizeof me) < 0) { perror("socket"); return 1; }
            socklen_t len = sizeof me;
            getsockname(s, (struct sockaddr *)&me, &len);
            printf("%u\n", me.nl_pid);
            fflush(stdout);
            char buf[4096];
            for (int i = 0; i < count; i++) {
                struct sockaddr_nl from; socklen_t fl = sizeof from;
                int n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
                if (n < (int)(sizeof(struct nlmsghdr) + sizeof(struct cn_msg) + 8)) { i--; continue; }
                struct nlmsghdr *nh = (struct nlmsghdr *)buf;
                struct cn_msg *req = NLMSG_DATA(nh);
                unsigned *data = (unsigned *)req->data;
                char out[256]; memset(out, 0, sizeof out);
                struct nlmsghdr *rh = (struct nlmsghdr *)out;
                struct cn_msg *rep = NLMSG_DATA(rh);
                rep->id.idx = 40; rep->id.val = 2;
                rep->seq = req->seq; rep->ack = req->ack + 1; rep->len = 8 + 2;
                unsigned *rd = (unsigned *)rep->data;
                rd[0] = data[0]; rd[1] = data[1] + 1000;
                rep->data[8] = 'o'; rep->data[9] = 'k';
                rh->nlmsg_len = NLMSG_LENGTH(sizeof(struct cn_msg) + rep->len);
                rh->nlmsg_type = NLMSG_DONE;
                struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = from.nl_pid };
                sendto(s, out, rh->nlmsg_len, 0, (struct sockaddr *)&to, sizeof to);
            }
            return 0;
        }
        """;

    [Fact]
    public async Task Request_reply_with_a_responder_written_in_C()
    {
        KernelRequirement.Require();
        var responder = await CProgram.CompileAsync("responder", Responder);
        var work = System.IO.Directory.CreateTempSubdirectory("kc-responder-").FullName;
        using var process = BackgroundProcess.Start(responder, ["3"], work, "responder");
        await process.WaitForAsync(() => process.Stdout.Contains('\n'), "the responder's port id");
        var port = uint.Parse(process.Stdout.Trim(), CultureInfo.InvariantCulture);

        await using var socket = ConnectorSocket.Open();
        using var stop = new CancellationTokenSource();
        var loop = socket.RunAsync(new ConnectorRouter(), stop.Token);
        for (uint i = 1; i <= 3; i++)
        {
            var reply = await socket.RequestAsync<Ping, Pong>(new Ping { Number = i, Value = i * 10 }, ConnectorAddress.Port(port));
            Assert.Equal(i, reply.Value.Number);
            Assert.Equal((i * 10) + 1000, reply.Value.Value);
            Assert.Equal("ok"u8.ToArray(), reply.Trailing);
            Assert.Equal(port, reply.SenderPortId);
            Assert.Equal(i - 1, reply.Seq);
        }

        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(0, socket.PendingRequests);
        stop.Cancel();
        await loop;
    }

    [Fact]
    public async Task Many_concurrent_requests_each_get_their_own_reply()
    {
        KernelRequirement.Require();
        await using var responder = ConnectorSocket.Open(new ConnectorSocketOptions { ReceiveBufferSize = 1 << 20 });
        await using var requester = ConnectorSocket.Open(new ConnectorSocketOptions { ReceiveBufferSize = 1 << 20 });
        var answers = new ConnectorRouter();
        answers.Add((in ConnectorMessage<Ping> m) =>
            responder.Reply(ConnectorAddress.Port(m.PortId), m.Seq, m.Ack, new Pong { Number = m.Value.Number, Value = m.Value.Value * 2 }));
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
    public async Task A_request_nobody_answers_times_out_and_leaves_nothing_pending()
    {
        KernelRequirement.Require();
        await using var silent = ConnectorSocket.Open();
        await using var requester = ConnectorSocket.Open();
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
    public async Task A_burst_that_overruns_a_small_buffer_is_reported_and_the_loop_goes_on()
    {
        KernelRequirement.Require();
        await using var sender = ConnectorSocket.Open();
        await using var listener = ConnectorSocket.Open(new ConnectorSocketOptions { ReceiveBufferSize = 4096, Groups = [23] });
        var c = new Collector();
        var losses = new ConcurrentQueue<ConnectorLossEventArgs>();
        listener.Loss += (_, e) => losses.Enqueue(e);

        // Nobody reads while the burst arrives, so the queue overflows. (A multicast burst: the
        // kernel drops what does not fit and tells the reader; a unicast sender would block.)
        for (uint i = 0; i < 500; i++)
        {
            sender.Send(new Ping { Number = i }, ConnectorAddress.Group(23));
        }

        using var stop = new CancellationTokenSource();
        var loop = listener.RunAsync(c.Router, stop.Token);
        await Wait.UntilAsync(() => listener.Statistics.Overruns > 0, "the overrun to be reported");
        sender.Send(new Ping { Number = 9999 }, ConnectorAddress.Group(23));
        await Wait.UntilAsync(() => c.Pings.Any(p => p.Number == 9999), "a message sent after the overrun");

        var statistics = listener.Statistics;
        Assert.Contains(losses, l => l.Kind == ConnectorLossKind.Overrun);
        Assert.True(c.Pings.Count < 501, "some of the burst must have been lost");
        // Every message is either received or counted as lost in the sequence.
        Assert.Equal(501, statistics.Received + statistics.SequenceGaps);
        stop.Cancel();
        await loop;
    }

    [Fact]
    public async Task A_kernel_owned_id_from_a_userspace_port_is_dropped_and_counted()
    {
        KernelRequirement.Require();
        await using var sender = ConnectorSocket.Open();
        await using var guarded = ConnectorSocket.Open(new ConnectorSocketOptions { Groups = [26] });
        await using var trusting = ConnectorSocket.Open(new ConnectorSocketOptions { Groups = [26], Spoofing = SpoofingPolicy.Allow });
        var guardedEvents = 0;
        var trustingEvents = 0;
        var g = new ConnectorRouter();
        g.Add((in ConnectorMessage<ProcEvent> m) => Interlocked.Increment(ref guardedEvents));
        var t = new ConnectorRouter();
        t.Add((in ConnectorMessage<ProcEvent> m) => Interlocked.Increment(ref trustingEvents));
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
        KernelRequirement.Require();
        await using var sender = ConnectorSocket.Open();
        await using var listener = ConnectorSocket.Open();
        var c = new Collector();
        var losses = new ConcurrentQueue<ConnectorLossEventArgs>();
        listener.Loss += (_, e) => losses.Enqueue(e);
        using var stop = new CancellationTokenSource();
        var loop = listener.RunAsync(c.Router, stop.Token);

        // Reply lets the test choose the sequence numbers: 0, 1, then 6 (4 missing), then 7.
        foreach (var seq in new uint[] { 0, 1, 6, 7 })
        {
            sender.Reply(ConnectorAddress.Port(listener.PortId), seq, 0, new Ping { Number = seq });
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
    public async Task A_callback_that_throws_is_isolated_and_reported()
    {
        KernelRequirement.Require();
        await using var sender = ConnectorSocket.Open();
        await using var listener = ConnectorSocket.Open();
        var router = new ConnectorRouter();
        var calls = 0;
        router.Add((in ConnectorMessage<Ping> m) =>
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

    [Fact]
    public async Task Receiving_allocates_nothing_per_message_in_steady_state()
    {
        KernelRequirement.Require();
        await using var sender = ConnectorSocket.Open();
        await using var listener = ConnectorSocket.Open(new ConnectorSocketOptions { ReceiveBufferSize = 4 << 20 });
        long atWarm = -1, atEnd = -1;
        var count = 0;
        var router = new ConnectorRouter();
        router.Add((in ConnectorMessage<Ping> m) =>
        {
            // Measured on the receive thread itself, between the 1,000th and the 6,000th message.
            var n = ++count;
            if (n == 1000)
            {
                atWarm = GC.GetAllocatedBytesForCurrentThread();
            }
            else if (n == 6000)
            {
                atEnd = GC.GetAllocatedBytesForCurrentThread();
            }
        });
        using var stop = new CancellationTokenSource();
        var loop = listener.RunAsync(router, stop.Token);
        for (uint i = 0; i < 6000; i++)
        {
            sender.Send(new Ping { Number = i }, ConnectorAddress.Port(listener.PortId));
            if (i % 500 == 0)
            {
                await Wait.UntilAsync(() => Volatile.Read(ref count) > (int)i - 1000, "the receiver to keep up");
            }
        }

        await Wait.UntilAsync(() => Volatile.Read(ref count) == 6000, "6,000 messages");
        Assert.Equal(0, listener.Statistics.SequenceGaps);
        Assert.Equal(0, atEnd - atWarm);
        stop.Cancel();
        await loop;
    }

    [Fact]
    public async Task Disposal_from_several_threads_ends_the_loop_and_fails_pending_requests()
    {
        KernelRequirement.Require();
        var socket = ConnectorSocket.Open();
        await using var silent = ConnectorSocket.Open(new ConnectorSocketOptions { Groups = [22] });
        var loop = socket.RunAsync(new ConnectorRouter());
        var request = socket.RequestAsync<Ping, Pong>(new Ping(), ConnectorAddress.Port(silent.PortId), default, new ConnectorRequestOptions { Timeout = TimeSpan.FromMinutes(1) });
        var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                try
                {
                    socket.Send(new Ping(), ConnectorAddress.Group(22));
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        })).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(socket.Dispose)));
        await loop.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => request);
        await Task.WhenAll(senders);
        Assert.Throws<ObjectDisposedException>(() => socket.Send(new Ping(), ConnectorAddress.Kernel));
    }

    [Fact]
    public async Task A_unicast_to_a_receiver_that_does_not_read_times_out_instead_of_blocking_forever()
    {
        KernelRequirement.Require();
        await using var sender = ConnectorSocket.Open(new ConnectorSocketOptions { SendTimeout = TimeSpan.FromMilliseconds(200) });
        await using var stuck = ConnectorSocket.Open(new ConnectorSocketOptions { ReceiveBufferSize = 4096 });
        var error = await Assert.ThrowsAsync<TimeoutException>(() => Task.Run(() =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                sender.Send(new Ping(), ConnectorAddress.Port(stuck.PortId));
            }
        }));
        Assert.Contains($"port {stuck.PortId}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counters_are_published_as_metrics()
    {
        KernelRequirement.Require();
        await using var socket = ConnectorSocket.Open();
        await using var silent = ConnectorSocket.Open();
        socket.Send(new Ping(), ConnectorAddress.Port(silent.PortId));
        socket.Send(new Ping(), ConnectorAddress.Port(silent.PortId));

        long sent = -1;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "KernelConnector")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (instrument.Name == "kernelconnector.messages.sent" && tag.Key == "port" && Equals(tag.Value, socket.PortId))
                {
                    sent = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.Equal(2, sent);
    }

    [Fact]
    public async Task Process_events_are_acknowledged_and_delivered()
    {
        KernelRequirement.Require();
        var events = new ConcurrentQueue<ProcEvent>();
        await using (var source = await ProcessEventSource.StartAsync(new ProcessEventSourceOptions
        {
            Callback = (in ConnectorMessage<ProcEvent> m) => events.Enqueue(m.Value),
        }))
        {
            Assert.Equal(ProcessEventFilterMode.None, source.FilterMode);
            using var child = System.Diagnostics.Process.Start("/bin/true")!;
            await child.WaitForExitAsync();
            await Wait.UntilAsync(() => events.Any(e => e.What == ProcEventKind.Exit && e.Exit.ProcessTgid == child.Id), "the child's exit");
            Assert.Contains(events, e => e.What == ProcEventKind.Fork && e.Fork.ChildTgid == child.Id);
            Assert.Contains(events, e => e.What == ProcEventKind.Exec && e.Exec.ProcessTgid == child.Id);
            Assert.Equal(0, source.Endpoint.Statistics.Spoofed);
        }
    }

    [Fact]
    public async Task Process_events_can_be_filtered_by_kind()
    {
        KernelRequirement.Require();
        var events = new ConcurrentQueue<ProcEvent>();
        await using var source = await ProcessEventSource.StartAsync(new ProcessEventSourceOptions
        {
            Events = ProcEventKind.Exit,
            Callback = (in ConnectorMessage<ProcEvent> m) => events.Enqueue(m.Value),
        });
        Assert.Equal(ProcessEventSource.KernelFilters ? ProcessEventFilterMode.Kernel : ProcessEventFilterMode.Userspace, source.FilterMode);
        using var child = System.Diagnostics.Process.Start("/bin/sh", ["-c", "exit 3"])!;
        await child.WaitForExitAsync();
        await Wait.UntilAsync(() => events.Any(e => e.Exit.ProcessTgid == child.Id), "the child's exit");
        Assert.All(events, e => Assert.Equal(ProcEventKind.Exit, e.What));
        var exit = events.First(e => e.Exit.ProcessTgid == child.Id).Exit;
        Assert.Equal(3, exit.ExitStatus);
        Assert.Equal(0, exit.TerminationSignal);
    }

    [Fact]
    public async Task Copied_events_can_be_read_with_await_foreach()
    {
        KernelRequirement.Require();
        await using var source = await ProcessEventSource.StartAsync(new ProcessEventSourceOptions { Events = ProcEventKind.Exec | ProcEventKind.Exit });
        using var child = System.Diagnostics.Process.Start("/bin/true")!;
        var kinds = new List<ProcEventKind>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var ev in source.ReadAllAsync(timeout.Token))
        {
            if (ev.ThreadGroupId == child.Id)
            {
                kinds.Add(ev.What);
                if (ev.What == ProcEventKind.Exit)
                {
                    break;
                }
            }
        }

        Assert.Equal([ProcEventKind.Exec, ProcEventKind.Exit], kinds);
    }
}
