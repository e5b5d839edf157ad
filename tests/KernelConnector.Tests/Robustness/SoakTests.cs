using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using KernelConnector.Tests.Transport;
using KernelConnector.Transport;
using Xunit;

namespace KernelConnector.Tests.Robustness;

/// <summary>
/// Several senders and requesters on several threads against the real kernel connector for a
/// while: every request gets its own reply, the counters add up, and memory and descriptors stay
/// flat. CI runs it for 10 s; set KERNELCONNECTOR_SOAK_SECONDS for minutes on demand.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class SoakTests
{
    private static double Seconds =>
        double.TryParse(Environment.GetEnvironmentVariable("KERNELCONNECTOR_SOAK_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 10;

    [Fact]
    public async Task Requests_and_multicasts_from_many_threads_add_up_and_leak_nothing()
    {
        KernelRequirement.Require();
        var output = TestContext.Current.TestOutputHelper!;
        var descriptorsBefore = SocketDescriptors();

        long received = 0, replies = 0, wrong = 0, sent = 0;
        await using (var responder = ConnectorSocket.Open(new ConnectorEndpointOptions { ReceiveBufferSize = 4 << 20 }))
        await using (var listener = ConnectorSocket.Open(new ConnectorEndpointOptions { ReceiveBufferSize = 8 << 20, Groups = [21] }))
        {
            var answers = new ConnectorRouter();
            answers.Add((in ReceivedConnectorMessage<Ping> m) =>
                responder.Reply(new Pong { Number = m.Value.Number, Value = m.Value.Value + 1 }, ConnectorAddress.Port(m.SenderPortId), m.Seq, m.Ack));
            var counting = new ConnectorRouter();
            counting.Add((in ReceivedConnectorMessage<Ping> m) => received++);
            using var stop = new CancellationTokenSource();
            var loops = new[] { responder.RunAsync(answers, stop.Token), listener.RunAsync(counting, stop.Token) };

            var requesters = Enumerable.Range(0, 3).Select(_ => ConnectorSocket.Open(new ConnectorEndpointOptions { ReceiveBufferSize = 1 << 20 })).ToArray();
            var requesterLoops = requesters.Select(r => r.RunAsync(new ConnectorRouter(), stop.Token)).ToArray();
            var senders = Enumerable.Range(0, 2).Select(_ => ConnectorSocket.Open()).ToArray();

            long memoryAfterWarmUp = 0;
            var deadline = DateTime.UtcNow.AddSeconds(Seconds);
            var warmedUp = DateTime.UtcNow.AddSeconds(Math.Min(2, Seconds / 4));
            var work = requesters.SelectMany(r => Enumerable.Range(0, 2).Select(async lane =>
            {
                for (uint n = 0; DateTime.UtcNow < deadline; n++)
                {
                    var reply = await r.RequestAsync<Ping, Pong>(new Ping { Number = n, Value = (uint)lane }, ConnectorAddress.Port(responder.PortId));
                    Interlocked.Increment(ref replies);
                    if (reply.Value.Number != n || reply.Value.Value != (uint)lane + 1)
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
            })).Concat(senders.Select(s => Task.Run(async () =>
            {
                while (DateTime.UtcNow < deadline)
                {
                    for (var i = 0; i < 200; i++)
                    {
                        s.Send(new Ping { Number = (uint)i }, ConnectorAddress.Group(21));
                        Interlocked.Increment(ref sent);
                    }

                    await Task.Delay(1);
                }
            }))).Append(Task.Run(async () =>
            {
                await Task.Delay(warmedUp - DateTime.UtcNow);
                memoryAfterWarmUp = HeapAfterCollection();
            })).ToArray();
            await Task.WhenAll(work);

            // Let the listener drain what is still queued.
            await Wait.UntilAsync(() => Volatile.Read(ref received) + listener.Statistics.SequenceGaps >= Interlocked.Read(ref sent), "the listener to account for every multicast", 30);
            var memoryAtEnd = HeapAfterCollection();
            var stats = listener.Statistics;
            output.WriteLine($"{Seconds:0} s: {replies:N0} requests answered, {sent:N0} multicasts sent, {stats.Received:N0} received, {stats.SequenceGaps:N0} lost, {stats.Overruns} overruns; heap {memoryAfterWarmUp:N0} bytes after warm-up, {memoryAtEnd:N0} at the end");

            Assert.Equal(0, Interlocked.Read(ref wrong));
            Assert.True(replies > 0);
            Assert.Equal(sent, stats.Received + stats.SequenceGaps);
            Assert.All(requesters, r => Assert.Equal(0, r.PendingRequests));
            // Flat: what a long run retains does not grow with the number of messages (a leak of
            // even 16 bytes per message would show here as many megabytes).
            Assert.InRange(memoryAtEnd - memoryAfterWarmUp, long.MinValue, 4 << 20);

            stop.Cancel();
            await Task.WhenAll(loops.Concat(requesterLoops));
            foreach (var socket in requesters.Concat(senders))
            {
                await socket.DisposeAsync();
            }
        }

        Assert.Equal(descriptorsBefore, SocketDescriptors());
    }

    private static long HeapAfterCollection()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetGCMemoryInfo().HeapSizeBytes;
    }

    // Sockets and eventfds: what endpoints hold. (The runtime opens other descriptors lazily.)
    private static int SocketDescriptors() =>
        Directory.GetFiles("/proc/self/fd").Count(fd =>
        {
            var target = new FileInfo(fd).LinkTarget ?? "";
            return target.StartsWith("socket:", StringComparison.Ordinal) || target == "anon_inode:[eventfd]";
        });
}
