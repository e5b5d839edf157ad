using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Tests.Generated;
using KernelConnector.Wire;
using Xunit;

namespace KernelConnector.Tests.Routing;

public sealed partial class ProbeHandlers
{
    public List<string> Seen { get; } = [];

    public long Sum;

    [ConnectorCallback]
    private void OnProbe(in ReceivedConnectorMessage<Probe> message)
    {
        Sum += message.Value.Kind;
        Seen?.Add($"probe kind {message.Value.Kind} seq {message.Seq} ack {message.Ack} flags {message.Flags} port {message.SenderPortId} trailing {message.Trailing.Length}");
    }

    [ConnectorCallback]
    private static void OnUnion(in ReceivedConnectorMessage<Union> message) => LastUnionCpu = message.Value.Cpu;

    [ConnectorCallback]
    private void OnNested(in ReceivedConnectorMessage<Outer.Middle.Nested> message) =>
        Seen.Add($"nested {message.Value.Value} trailing {string.Join(",", message.Trailing.ToArray())}");

    public static uint LastUnionCpu;
}

public class DispatchTests
{
    private static byte[] Datagram(params Func<byte[], int, int>[] writers)
    {
        var buffer = new byte[4096];
        var offset = 0;
        foreach (var write in writers)
        {
            offset = Netlink.Align(offset);
            offset += write(buffer, offset);
        }

        return buffer[..offset];
    }

    private static Func<byte[], int, int> Probe(uint kind, uint seq) =>
        (b, o) => ConnectorDatagram.Write(b.AsSpan(o), new Probe { Kind = kind }, default, seq, ack: seq + 100, flags: 3);

    [Fact]
    public void Generated_handler_switch_reaches_the_right_method_with_the_header_fields()
    {
        var handlers = new ProbeHandlers();
        var datagram = Datagram(
            Probe(5, 1),
            (b, o) => ConnectorDatagram.Write(b.AsSpan(o), new Outer.Middle.Nested { Value = 8 }, [1, 2], 2, 0),
            (b, o) => ConnectorDatagram.Write(b.AsSpan(o), new Union { Cpu = 7 }, default, 3, 0),
            (b, o) => ConnectorDatagram.Write(b.AsSpan(o), new CbId(99, 1), 4, 0, [1, 2, 3]));

        var summary = handlers.Dispatch(datagram, senderPortId: 4242);

        Assert.Equal(new ConnectorStatistics { Datagrams = 1, Received = 4, Dispatched = 3, Unrouted = 1 }, summary);
        Assert.Equal(["probe kind 5 seq 1 ack 101 flags 3 port 4242 trailing 0", "nested 8 trailing 1,2"], handlers.Seen);
        Assert.Equal(7u, ProbeHandlers.LastUnionCpu);
    }

    [Fact]
    public void A_generated_class_given_a_default_message_answers_unrouted_and_calls_nothing()
    {
        // The public Dispatch(in message) reads the id with the default-value check; only the
        // datagram walk, which never hands out a default message, skips it.
        var handlers = new ProbeHandlers();
        ReceivedConnectorMessage nothing = default;
        Assert.Equal(DispatchResult.Unrouted, handlers.Dispatch(in nothing));
        Assert.Empty(handlers.Seen);
        Assert.Equal(0, handlers.Sum);
    }

    [Fact]
    public void The_unchecked_id_read_gives_a_walked_message_its_id_and_refuses_a_default_one()
    {
        var reader = new ConnectorDatagramReader(Datagram(Probe(5, 1)), 0);
        Assert.True(reader.Read(out var message, out var status));
        Assert.Equal(DatagramStatus.Message, status);
        Assert.Equal(Generated.Probe.Id, __Internals.ConnectorDispatch.ReadIdUnchecked(in message));

        Assert.Throws<NullReferenceException>(() =>
        {
            ReceivedConnectorMessage nothing = default;
            return __Internals.ConnectorDispatch.ReadIdUnchecked(in nothing);
        });
    }

    [Fact]
    public void Router_reaches_registered_callbacks_and_counts_the_rest()
    {
        var router = new ConnectorRouter();
        var seen = new List<string>();
        router.Add((in ReceivedConnectorMessage<Probe> m) => seen.Add($"{m.Value.Kind}/{m.Seq}/{m.Ack}/{m.SenderPortId}"), "probe");
        var bad = new byte[36 + 10];
        ConnectorDatagram.Write(bad, Generated.Probe.Id, 9, 9, new byte[10]); // too short for a Probe
        var datagram = Datagram(
            Probe(5, 1),
            Probe(6, 2),
            (b, o) => { bad.CopyTo(b, o); return bad.Length; },
            (b, o) => ConnectorDatagram.Write(b.AsSpan(o), new Union(), default, 3, 0));

        var summary = router.Dispatch(datagram, 17);

        Assert.Equal(new ConnectorStatistics { Datagrams = 1, Received = 4, Dispatched = 2, Unrouted = 1, Invalid = 1 }, summary);
        Assert.Equal(["5/1/101/17", "6/2/102/17"], seen);
    }

    [Fact]
    public void Router_refuses_a_second_callback_for_an_id_and_forgets_a_removed_one()
    {
        var router = new ConnectorRouter();
        router.Add((in ReceivedConnectorMessage<Probe> m) => { }, "first");
        var error = Assert.Throws<InvalidOperationException>(() => router.Add((in ReceivedConnectorMessage<Probe> m) => { }, "second"));
        Assert.Contains("{20, 7}", error.Message, StringComparison.Ordinal);
        Assert.Contains("first", error.Message, StringComparison.Ordinal);

        Assert.True(router.Remove(Generated.Probe.Id));
        Assert.False(router.Remove(Generated.Probe.Id));
        Assert.Equal(new ConnectorStatistics { Datagrams = 1, Received = 1, Unrouted = 1 }, router.Dispatch(Datagram(Probe(1, 1))));
        router.Add((in ReceivedConnectorMessage<Probe> m) => { }, "second");
    }

    [Fact]
    public void Handler_class_registers_with_a_router()
    {
        var handlers = new ProbeHandlers();
        var router = new ConnectorRouter();
        handlers.Register(router);
        Assert.Equal(3, router.Ids.Count);
        router.Dispatch(Datagram(Probe(11, 4)), 5);
        Assert.Equal(["probe kind 11 seq 4 ack 104 flags 3 port 5 trailing 0"], handlers.Seen);
    }

    private static ConnectorRouter ProbeRouter()
    {
        var router = new ConnectorRouter();
        router.Add((in ReceivedConnectorMessage<Probe> m) => { });
        return router;
    }

    private static byte[] LengthPastTheEnd()
    {
        var datagram = Datagram(Probe(1, 1));
        datagram[0] = 200; // nlmsg_len past the end
        return datagram;
    }

    [Fact]
    public void Malformed_datagrams_are_counted_never_thrown() =>
        Assert.Equal(new ConnectorStatistics { Datagrams = 1, Malformed = 1 }, ProbeRouter().Dispatch(LengthPastTheEnd()));

    [Fact]
    public void Outcomes_of_several_datagrams_add_up_to_their_total()
    {
        var router = ProbeRouter();
        var total = default(ConnectorStatistics);
        foreach (var datagram in new[] { Datagram(Probe(1, 1), Probe(2, 2)), LengthPastTheEnd(), Datagram((b, o) => ConnectorDatagram.Write(b.AsSpan(o), new Union(), default, 3, 0)) })
        {
            total += router.Dispatch(datagram);
        }

        Assert.Equal(new ConnectorStatistics { Datagrams = 3, Received = 3, Dispatched = 2, Unrouted = 1, Malformed = 1 }, total);
    }

    [Fact]
    public void Dispatch_allocates_nothing()
    {
        var handlers = new ProbeHandlers();
        handlers.Seen.Clear();
        var quiet = new ProbeHandlers();
        var router = new ConnectorRouter();
        router.Add((in ReceivedConnectorMessage<Union> m) => quiet.Sum += m.Value.Cpu);
        var probe = Datagram(Probe(1, 1));
        var union = Datagram((b, o) => ConnectorDatagram.Write(b.AsSpan(o), new Union { Cpu = 1 }, default, 3, 0));
        var silent = new SilentHandlers();

        silent.Dispatch(probe, 1);
        router.Dispatch(union, 1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
        {
            silent.Dispatch(probe, 1);
            router.Dispatch(union, 1);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(100_001, silent.Count);
        Assert.Equal(100_001, quiet.Sum);
    }

    [Fact]
    public async Task Callbacks_can_be_added_and_removed_while_another_thread_dispatches()
    {
        // Each dispatch finds the callback or not; either way it is counted once, and what the
        // dispatches returned agrees with what the callbacks themselves saw.
        const int Dispatches = 200_000;
        var router = new ConnectorRouter();
        var datagram = Datagram(Probe(1, 1));
        long calls = 0, dispatched = 0, unrouted = 0;
        var done = 0;
        var dispatcher = Task.Run(() =>
        {
            for (var i = 0; i < Dispatches; i++)
            {
                var summary = router.Dispatch(datagram);
                dispatched += summary.Dispatched;
                unrouted += summary.Unrouted;
                Assert.Equal(1, summary.Dispatched + summary.Unrouted);
            }

            Volatile.Write(ref done, 1);
        });

        var changes = 0;
        while (Volatile.Read(ref done) == 0)
        {
            router.Add((in ReceivedConnectorMessage<Probe> m) => Interlocked.Increment(ref calls));
            router.Remove(Generated.Probe.Id);
            changes++;
        }

        await dispatcher;
        Assert.True(changes > 0);
        Assert.Equal(Dispatches, dispatched + unrouted);
        Assert.Equal(Interlocked.Read(ref calls), dispatched);
    }
}

public sealed partial class SilentHandlers
{
    public long Count;

    [ConnectorCallback]
    private void OnProbe(in ReceivedConnectorMessage<Probe> message) => Count += message.Value.Kind;
}
