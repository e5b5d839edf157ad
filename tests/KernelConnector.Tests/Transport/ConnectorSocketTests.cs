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
using KernelConnector.Transport;
using Xunit;

namespace KernelConnector.Tests.Transport;

/// <summary>The transport against the real kernel connector, between userspace sockets (root), receiving in batches: the endpoint contract, and what only the kernel does.</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ConnectorSocketTests : SocketReceivePathTests
{
    protected override bool RefuseBatch => false;

    [Fact]
    public void Groups_Linux_cannot_join_are_refused_before_the_kernel_is_asked()
    {
        KernelRequirement.Require();
        using var socket = ConnectorSocket.Open();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => socket.JoinGroup(33));
        Assert.Contains("1 to 32", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.JoinGroup(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.Send(new Ping(), ConnectorAddress.Group(40)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConnectorSocket.Open(new ConnectorEndpointOptions { Groups = [33] }));
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
    public async Task A_burst_that_overruns_a_small_buffer_is_reported_and_the_loop_goes_on()
    {
        KernelRequirement.Require();
        await using var sender = ConnectorSocket.Open();
        await using var listener = ConnectorSocket.Open(new ConnectorEndpointOptions { ReceiveBufferSize = 4096, Groups = [23] });
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

        // The queue may still be full of the burst when the overrun is reported: a message sent
        // then is dropped too. Send until one gets through; each dropped one is a gap like the burst's.
        var sent = 500;
        for (var attempt = 0; !c.Pings.Any(p => p.Number == 9999); attempt++)
        {
            Assert.True(attempt < 100, "no message sent after the overrun arrived");
            sender.Send(new Ping { Number = 9999 }, ConnectorAddress.Group(23));
            sent++;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        // Every message is either received or counted as lost in the sequence (the last probe may
        // still be on its way).
        await Wait.UntilAsync(() => listener.Statistics.Received + listener.Statistics.SequenceGaps == sent, $"all {sent} messages to be received or counted lost");
        Assert.Contains(losses, l => l.Kind == ConnectorLossKind.Overrun);
        Assert.True(c.Pings.Count(p => p.Number < 500) < 500, "some of the burst must have been lost");
        stop.Cancel();
        await loop;
    }

    [Fact]
    public async Task Receiving_allocates_nothing_per_message_in_steady_state()
    {
        KernelRequirement.Require();
        await using var sender = ConnectorSocket.Open();
        await using var listener = ConnectorSocket.Open(new ConnectorEndpointOptions { ReceiveBufferSize = 4 << 20 });
        long atWarm = -1, atEnd = -1;
        var count = 0;
        var router = new ConnectorRouter();
        router.Add((in ReceivedConnectorMessage<Ping> m) =>
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
        await using var silent = ConnectorSocket.Open(new ConnectorEndpointOptions { Groups = [22] });
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
            Callback = (in ReceivedConnectorMessage<ProcEvent> m) => events.Enqueue(m.Value),
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
    public async Task A_filtered_subscription_uses_the_kernel_filter_exactly_where_the_kernel_filters()
    {
        KernelRequirement.Require();

        // The expected mode comes from the kernel's behaviour, not from the product's version check.
        var kernelFilters = await KernelFiltersAsync();
        var events = new ConcurrentQueue<ProcEvent>();
        await using var source = await ProcessEventSource.StartAsync(new ProcessEventSourceOptions
        {
            Events = ProcEventKind.Exit,
            Callback = (in ReceivedConnectorMessage<ProcEvent> m) => events.Enqueue(m.Value),
        });
        Assert.Equal(kernelFilters ? ProcessEventFilterMode.Kernel : ProcessEventFilterMode.Userspace, source.FilterMode);
        Assert.Equal(!kernelFilters, source.Endpoint.CountSequenceGaps);

        // Events queued before the filter took effect are handled first: once a first child's exit
        // has arrived, only events sent under the filter remain.
        await ExitOfChildAsync(events, "exit 0");
        var filteredBefore = source.FilteredOut;
        var exit = await ExitOfChildAsync(events, "exit 3");
        Assert.All(events, e => Assert.Equal(ProcEventKind.Exit, e.What));
        Assert.Equal((3, 0), (exit.ExitStatus, exit.TerminationSignal));
        if (kernelFilters)
        {
            // The kernel withheld the child's fork and exec: userspace had nothing to drop, so a
            // kernel that ignored the filter would show here rather than hide behind the safety net.
            Assert.Equal(filteredBefore, source.FilteredOut);
        }
        else
        {
            Assert.True(source.FilteredOut >= filteredBefore + 2, $"the child's fork and exec were not filtered here ({source.FilteredOut - filteredBefore})");
        }
    }

    [Fact]
    public async Task A_nonzero_exit_filter_delivers_failed_exits_only()
    {
        KernelRequirement.Require();
        var events = new ConcurrentQueue<ProcEvent>();
        await using var source = await ProcessEventSource.StartAsync(new ProcessEventSourceOptions
        {
            Events = ProcEventKind.NonzeroExit,
            Callback = (in ReceivedConnectorMessage<ProcEvent> m) => events.Enqueue(m.Value),
        });

        await ExitOfChildAsync(events, "exit 5");
        var filteredBefore = source.FilteredOut;
        using var succeeding = System.Diagnostics.Process.Start("/bin/sh", ["-c", "exit 0"])!;
        await succeeding.WaitForExitAsync();
        var failed = await ExitOfChildAsync(events, "exit 3");
        Assert.Equal(3, failed.ExitStatus);
        Assert.DoesNotContain(events, e => e.What == ProcEventKind.Exit && e.Exit.ProcessTgid == succeeding.Id);
        Assert.All(events, e => Assert.True(e.What == ProcEventKind.Exit && e.Exit.WaitStatus != 0, $"{e.What} {e.Exit.WaitStatus}"));
        if (source.FilterMode == ProcessEventFilterMode.Kernel)
        {
            // The kernel, not the safety net, withheld the zero exit (and every fork and exec):
            // PROC_EVENT_NONZERO_EXIT and struct proc_input mean to it what they mean here.
            Assert.Equal(filteredBefore, source.FilteredOut);
        }
    }

    /// <summary>
    /// Asks the running kernel whether it filters per listener: a socket subscribes with a
    /// <c>proc_input</c> for exits only and a child runs; the kernel filters when the child's exit
    /// arrives and its fork and exec do not.
    /// </summary>
    private static async Task<bool> KernelFiltersAsync()
    {
        await using var socket = ConnectorSocket.Open(new ConnectorEndpointOptions { Groups = [ProcEvent.Group], ReceiveBufferSize = 4 << 20 });
        var events = new ConcurrentQueue<ProcEvent>();
        var router = new ConnectorRouter();
        router.Add((in ReceivedConnectorMessage<ProcEvent> m) => events.Enqueue(m.Value));
        using var stop = new CancellationTokenSource();
        var loop = socket.RunAsync(router, stop.Token);
        socket.Send(new ProcInput { Op = ProcCnMcastOp.Listen, EventType = ProcEventKind.Exit }, ConnectorAddress.Kernel);
        using var child = System.Diagnostics.Process.Start("/bin/true")!;
        await child.WaitForExitAsync();

        // A kernel that does not know proc_input ignores the request: then no exit comes.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!events.Any(e => e.What == ProcEventKind.Exit && e.Exit.ProcessTgid == child.Id) && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(10);
        }

        var exited = events.Any(e => e.What == ProcEventKind.Exit && e.Exit.ProcessTgid == child.Id);
        var forkOrExec = events.Any(e => (e.What == ProcEventKind.Fork && e.Fork.ChildTgid == child.Id) || (e.What == ProcEventKind.Exec && e.Exec.ProcessTgid == child.Id));
        socket.Send(new ProcInput { Op = ProcCnMcastOp.Ignore, EventType = ProcEventKind.Exit }, ConnectorAddress.Kernel);
        stop.Cancel();
        await loop;
        return exited && !forkOrExec;
    }

    private static async Task<ProcExitEvent> ExitOfChildAsync(ConcurrentQueue<ProcEvent> events, string script)
    {
        using var child = System.Diagnostics.Process.Start("/bin/sh", ["-c", script])!;
        await child.WaitForExitAsync();
        await Wait.UntilAsync(() => events.Any(e => e.What == ProcEventKind.Exit && e.Exit.ProcessTgid == child.Id), $"the exit of '{script}'");
        return events.First(e => e.What == ProcEventKind.Exit && e.Exit.ProcessTgid == child.Id).Exit;
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
