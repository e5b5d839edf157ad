using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using KernelConnector.Transport;
using KernelConnector.Wire;
using Xunit;

namespace KernelConnector.Tests.Transport;

/// <summary>
/// The socket's receive path against the real kernel, run once with <c>recvmmsg</c> batches and
/// once on the one-datagram fallback (<see cref="RefuseBatch"/>): the endpoint contract, and what a
/// batch could get wrong — order, each datagram's own sender, truncation of one datagram among others.
/// </summary>
public abstract class SocketReceivePathTests : EndpointContractTests
{
    /// <summary>Whether the sockets under test behave as if the system refused <c>recvmmsg</c>.</summary>
    protected abstract bool RefuseBatch { get; }

    protected override IConnectorEndpoint Open(ConnectorEndpointOptions? options = null) => OpenSocket(options);

    [Fact]
    public async Task A_queued_burst_from_two_senders_arrives_in_order_each_message_with_its_own_sender()
    {
        await using var first = OpenSocket();
        await using var second = OpenSocket();
        await using var listener = OpenSocket(new ConnectorEndpointOptions { ReceiveBufferSize = 1 << 20 });
        var to = ConnectorAddress.Port(listener.PortId);

        // Queued before the loop starts, so that its first call finds far more than one batch waiting.
        for (uint i = 0; i < 300; i++)
        {
            (i % 3 == 0 ? second : first).Send(new Ping { Number = i }, to);
        }

        var c = new Collector();
        using var stop = new CancellationTokenSource();
        var loop = listener.RunAsync(c.Router, stop.Token);
        await Wait.UntilAsync(() => c.Pings.Count == 300, "all 300 messages");
        stop.Cancel();
        await loop;

        var pings = c.Pings.ToArray();
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (uint)i), pings.Select(p => p.Number));
        Assert.All(pings, p => Assert.Equal(p.Number % 3 == 0 ? second.PortId : first.PortId, p.Port));
        Assert.Equal(300, listener.Statistics.Datagrams);
        AssertPath(listener, largestBatch: 64);
        Assert.Equal(0, listener.ReceiveCalls.Naps);
    }

    [Fact]
    public async Task A_receive_batch_delay_sleeps_after_short_batches_and_loses_nothing()
    {
        await using var sender = OpenSocket();
        await using var listener = OpenSocket(new ConnectorEndpointOptions { ReceiveBufferSize = 1 << 20, ReceiveBatchDelay = TimeSpan.FromMilliseconds(2) });
        var to = ConnectorAddress.Port(listener.PortId);
        var c = new Collector();
        using var stop = new CancellationTokenSource();
        var loop = listener.RunAsync(c.Router, stop.Token);
        for (uint i = 0; i < 50; i++)
        {
            sender.Send(new Ping { Number = i }, to);
            if (i % 10 == 9)
            {
                // Pauses, so that the loop meets batches that do not fill.
                await Task.Delay(5);
            }
        }

        await Wait.UntilAsync(() => c.Pings.Count == 50, "all 50 messages");
        stop.Cancel();
        await loop;

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (uint)i), c.Pings.Select(p => p.Number));
        // Batched, it slept after the batches that did not fill; on the fallback (one datagram per
        // call, every call "short") it must never sleep, or a busy stream would overflow.
        if (RefuseBatch)
        {
            Assert.Equal(0, listener.ReceiveCalls.Naps);
        }
        else
        {
            Assert.True(listener.ReceiveCalls.Naps > 0, "no sleep after a short batch");
        }
    }

    [Fact]
    public async Task A_doorbell_ends_the_loops_nap_and_the_stream_stays_whole_and_in_order()
    {
        await using var sender = OpenSocket();
        await using var bell = OpenSocket();
        await using var listener = OpenSocket(new ConnectorEndpointOptions { ReceiveBufferSize = 1 << 20 });
        // The longest nap there is: without the ring, the second message would wait up to a second.
        listener.AttachDoorbell(bell, TimeSpan.FromSeconds(1));
        var c = new Collector();
        using var stop = new CancellationTokenSource();
        var loop = listener.RunAsync(c.Router, stop.Token);

        await SendDuringANapAsync(sender, listener, c);
        sender.Send(new Ping { Number = 999 }, ConnectorAddress.Port(bell.PortId));
        await Wait.UntilAsync(() => c.Pings.Count == 21, "the 20 messages sent during the nap");
        stop.Cancel();
        await loop;

        Assert.Equal(Enumerable.Range(0, 21).Select(i => (uint)i), c.Pings.Select(p => p.Number));
        Assert.DoesNotContain(c.Pings, p => p.Number == 999);
        Assert.Equal(0, listener.Statistics.Overruns);
        Assert.Equal(21, listener.Statistics.Dispatched);
        // Batched, the ring ended that nap (it was the only datagram the doorbell got); on the
        // fallback the loop never sleeps, so the doorbell has nothing to end.
        Assert.Equal(RefuseBatch ? 0 : 1, listener.ReceiveCalls.Doorbells);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_stop_during_a_nap_still_delivers_what_queued_before_it(bool doorbell)
    {
        await using var sender = OpenSocket();
        await using var bell = OpenSocket();
        var nap = TimeSpan.FromSeconds(1);
        await using var listener = OpenSocket(new ConnectorEndpointOptions { ReceiveBufferSize = 1 << 20, ReceiveBatchDelay = doorbell ? TimeSpan.Zero : nap });
        if (doorbell)
        {
            listener.AttachDoorbell(bell, nap);
        }

        var c = new Collector();
        using var stop = new CancellationTokenSource();
        var loop = listener.RunAsync(c.Router, stop.Token);
        // Queued while the loop sleeps, no ring: then the stop.
        await SendDuringANapAsync(sender, listener, c);
        stop.Cancel();
        await loop;

        // Batched: everything queued before the stop was delivered, in order, though the nap
        // never ended on its own. The fallback does not nap: it stops as promptly as ever, with
        // what it took in order.
        var expected = Enumerable.Range(0, RefuseBatch ? c.Pings.Count : 21).Select(i => (uint)i);
        Assert.Equal(expected, c.Pings.Select(p => p.Number));
        Assert.Equal(0, listener.ReceiveCalls.Doorbells);
    }

    [Fact]
    public void A_receive_batch_delay_outside_0_to_1_second_is_refused_before_a_socket_opens()
    {
        KernelRequirement.Require();
        var tooLong = Assert.Throws<ArgumentOutOfRangeException>(() => ConnectorSocket.Open(new ConnectorEndpointOptions { ReceiveBatchDelay = TimeSpan.FromSeconds(2) }));
        Assert.Contains("ReceiveBatchDelay must be from 0 to 1 second", tooLong.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ConnectorSocket.Open(new ConnectorEndpointOptions { ReceiveBatchDelay = TimeSpan.FromMilliseconds(-1) }));
    }

    [Fact]
    public async Task A_datagram_larger_than_its_slot_is_counted_malformed_and_its_neighbours_arrive()
    {
        await using var sender = OpenSocket();
        await using var listener = OpenSocket(new ConnectorEndpointOptions { ReceiveBufferSize = 1 << 20 });
        var to = ConnectorAddress.Port(listener.PortId);
        sender.Send(new Ping { Number = 1 }, to);
        // A valid message at its head: were the truncation missed, message 99 would be dispatched.
        var oversize = new byte[ReceiveBatch.SlotLength + 4096];
        ConnectorDatagram.Write(oversize, new Ping { Number = 99 }, [], seq: 0, ack: 0);
        SendRaw(listener.PortId, oversize);
        sender.Send(new Ping { Number = 2 }, to);

        var c = new Collector();
        using var stop = new CancellationTokenSource();
        var loop = listener.RunAsync(c.Router, stop.Token);
        await Wait.UntilAsync(() => c.Pings.Count == 2, "the two messages around the oversize datagram");
        stop.Cancel();
        await loop;

        Assert.Equal([1u, 2u], c.Pings.Select(p => p.Number));
        var stats = listener.Statistics;
        Assert.Equal(3, stats.Datagrams);
        Assert.Equal(1, stats.Malformed);
        Assert.Equal(2, stats.Dispatched);
        AssertPath(listener, largestBatch: 3);
    }

    [Fact]
    public async Task A_previewing_dispatcher_sees_a_lone_datagram_before_it_is_dispatched()
    {
        // A batch of one is previewed too: the first exec after a process-event source starts
        // arrives alone, and its read-ahead must not wait for a walk that may still be cold.
        await using var sender = OpenSocket();
        await using var listener = OpenSocket();
        var recorder = new PreviewRecorder();
        using var stop = new CancellationTokenSource();
        var loop = listener.RunAsync(recorder, stop.Token);
        sender.Send(new Ping { Number = 7 }, ConnectorAddress.Port(listener.PortId));
        await Wait.UntilAsync(() => recorder.Seen.Count == 2, "the preview and the dispatch");
        stop.Cancel();
        await loop;

        var seq = recorder.Seen.First().Split(' ')[1];
        Assert.Equal([$"preview {seq} {sender.PortId}", $"dispatch {seq}"], recorder.Seen);
        Assert.Equal(1, listener.ReceiveCalls.Largest);
    }

    /// <summary>Records, in order, what the loop previews and dispatches (by each message's seq).</summary>
    private sealed class PreviewRecorder : IConnectorDispatcher, KernelConnector.Protocol.IBatchPreview
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Seen { get; } = new();

        public DispatchResult Dispatch(in ReceivedConnectorMessage message)
        {
            Seen.Enqueue($"dispatch {message.Seq}");
            return DispatchResult.Dispatched;
        }

        public bool NapsThroughRings => false;

        public void Preview(ReadOnlySpan<byte> datagram, uint senderPortId, bool rung) =>
            Seen.Enqueue($"preview {System.Runtime.InteropServices.MemoryMarshal.Read<uint>(datagram[24..])} {senderPortId}");
    }

    /// <summary>
    /// Sends message 0, waits until the loop has it and (batched) sleeps after that short batch,
    /// then sends messages 1 to 20 into the sleeping loop's queue.
    /// </summary>
    private async Task SendDuringANapAsync(ConnectorSocket sender, ConnectorSocket listener, Collector c)
    {
        var to = ConnectorAddress.Port(listener.PortId);
        sender.Send(new Ping { Number = 0 }, to);
        await Wait.UntilAsync(() => c.Pings.Count == 1, "the first message");
        if (!RefuseBatch)
        {
            await Wait.UntilAsync(() => listener.ReceiveCalls.Naps == 1, "the nap after the first batch");
        }

        for (uint i = 1; i <= 20; i++)
        {
            sender.Send(new Ping { Number = i }, to);
        }
    }

    private ConnectorSocket OpenSocket(ConnectorEndpointOptions? options = null)
    {
        KernelRequirement.Require();
        var socket = ConnectorSocket.Open(options);
        socket.RefuseBatchForTests = RefuseBatch;
        return socket;
    }

    private void AssertPath(ConnectorSocket listener, int largestBatch)
    {
        var calls = listener.ReceiveCalls;
        if (RefuseBatch)
        {
            // One refused recvmmsg, then recvfrom only.
            Assert.Equal(1, calls.Batched);
            Assert.True(calls.Single > 0);
            Assert.Equal(1, calls.Largest);
        }
        else
        {
            Assert.Equal(0, calls.Single);
            Assert.Equal(largestBatch, calls.Largest);
        }
    }

    private static unsafe void SendRaw(uint port, byte[] datagram)
    {
        var fd = Native.Socket(Native.AfNetlink, Native.SockDgram | Native.SockCloexec, 11);
        Assert.True(fd >= 0);
        try
        {
            var me = new Native.SockaddrNl { Family = Native.AfNetlink };
            Assert.Equal(0, Native.Bind(fd, &me, sizeof(Native.SockaddrNl)));
            var to = new Native.SockaddrNl { Family = Native.AfNetlink, PortId = port };
            fixed (byte* data = datagram)
            {
                Assert.Equal(datagram.Length, (int)Native.SendTo(fd, data, (nuint)datagram.Length, 0, &to, sizeof(Native.SockaddrNl)));
            }
        }
        finally
        {
            Native.Close(fd);
        }
    }
}
