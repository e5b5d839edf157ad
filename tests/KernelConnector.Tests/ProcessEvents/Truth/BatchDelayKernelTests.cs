using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;
using KernelConnector.Tests.Support;
using KernelConnector.Tests.Transport;
using KernelConnector.Transport;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Truth;

/// <summary>
/// <see cref="ProcessEventSourceOptions.BatchDelay"/> on the real kernel: the receive loop sleeps
/// after each batch, an exec rings it awake at once (so a program that lives 0.2 s is still read by
/// its command line under a one-second delay), and every event still arrives, in order.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class BatchDelayKernelTests
{
    private sealed record Seen(ProcEventKind What, int Pid, ProcessNameSource NameSource, string Name);

    [Theory]
    [InlineData(ProcessDetails.All)]
    [InlineData(ProcessDetails.Arguments)]
    public async Task Execs_ring_the_sleeping_loop_awake_and_every_event_still_arrives_in_order(ProcessDetails details)
    {
        KernelRequirement.Require();
        var hold = await Programs.HoldAsync();
        var seen = new ConcurrentQueue<Seen>();
        var options = new ProcessEventSourceOptions
        {
            // The longest delay: a loop that read an exec only when its nap ended would find most
            // of these 0.2-second programs gone, and name them by comm or not at all.
            BatchDelay = ProcessEventSourceOptions.MaxBatchDelay,
            Processes = new ProcessTable(new ProcessTableOptions { Details = details }),
            ProcessCallback = (in ProcEvent ev, ProcessRecord? process) =>
                seen.Enqueue(new Seen(ev.What, ev.ThreadGroupId, process?.NameSource ?? ProcessNameSource.Unknown, process?.DisplayName ?? "")),
        };
        await using var source = await ProcessEventSource.StartAsync(options, TestContext.Current.CancellationToken);
        if (!ProcessEventSource.IsKernelFilterSupported)
        {
            // Before Linux 6.6 nothing can ring for execs alone, and a late exec loses its name:
            // the delay is not applied.
            Assert.Equal(TimeSpan.Zero, source.BatchDelay);
            return;
        }

        Assert.Equal(ProcessEventSourceOptions.MaxBatchDelay, source.BatchDelay);

        var pids = new int[8];
        for (var i = 0; i < pids.Length; i++)
        {
            var run = await ProcessRunner.RunAsync(hold, [$"rung-{i}"], Path.GetTempPath());
            pids[i] = int.Parse(run.Output.Trim(), CultureInfo.InvariantCulture);
        }

        // The last exit may wait out a nap (at most a second) before it is delivered.
        await Wait.UntilAsync(() => seen.Any(s => s.What == ProcEventKind.Exit && s.Pid == pids[^1]), "the last program's exit");
        for (var i = 0; i < pids.Length; i++)
        {
            var own = seen.Where(s => s.Pid == pids[i] && s.What is ProcEventKind.Fork or ProcEventKind.Exec or ProcEventKind.Exit).ToList();
            Assert.Equal([ProcEventKind.Fork, ProcEventKind.Exec, ProcEventKind.Exit], own.Select(s => s.What));
            var exec = own[1];
            Assert.Equal(ProcessNameSource.CommandLine, exec.NameSource);
            Assert.Equal($"{hold} rung-{i}", exec.Name);
        }

        var socket = Assert.IsType<ConnectorSocket>(source.Endpoint);
        var (rings, receives) = (socket.ReceiveCalls.Doorbells, socket.ReceiveCalls.Batched);
        Assert.True(rings >= pids.Length, $"{rings} rings for {pids.Length} execs");
        if (details == ProcessDetails.Arguments)
        {
            // The read-ahead at the ring is all an exec needs: the loop sleeps on, and takes the
            // main socket's events once per nap, not once per ring.
            Assert.True(receives < rings, $"{receives} receives for {rings} rings");
        }
        else
        {
            // Credentials, the executable and the cgroup are read when the exec is applied: each
            // ring ends the nap, and the main socket's batch is taken at once.
            Assert.True(receives >= rings, $"{receives} receives for {rings} rings");
        }

        Assert.Equal(0, source.Endpoint.Statistics.Overruns);
        Assert.Equal(0, source.Endpoint.Statistics.SequenceGaps);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Without_execs_asked_the_delay_is_a_plain_nap_with_no_doorbell(bool withTable)
    {
        KernelRequirement.Require();
        var exits = new ConcurrentQueue<int>();
        var options = new ProcessEventSourceOptions
        {
            // No exec is delivered (the kernel filters them out where it can): a doorbell would
            // read /proc for execs nobody receives, table or not.
            Events = ProcEventKind.Fork | ProcEventKind.Exit,
            BatchDelay = TimeSpan.FromMilliseconds(50),
            Processes = withTable ? new ProcessTable() : null,
            Callback = (in ReceivedConnectorMessage<ProcEvent> message) =>
            {
                if (message.Value.What == ProcEventKind.Exit)
                {
                    exits.Enqueue(message.Value.Exit.ProcessTgid);
                }
            },
        };
        await using var source = await ProcessEventSource.StartAsync(options, TestContext.Current.CancellationToken);
        Assert.Equal(TimeSpan.FromMilliseconds(50), source.BatchDelay);
        var run = await ProcessRunner.RunAsync("/bin/sh", ["-c", "echo $$"], Path.GetTempPath());
        var pid = int.Parse(run.Output.Trim(), CultureInfo.InvariantCulture);
        await Wait.UntilAsync(() => exits.Contains(pid), "the shell's exit");

        var socket = Assert.IsType<ConnectorSocket>(source.Endpoint);
        Assert.Equal(0, socket.ReceiveCalls.Doorbells);
        Assert.True(socket.ReceiveCalls.Naps > 0, "no nap after a short batch");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task A_batch_delay_outside_0_to_1_second_is_refused_before_anything_opens(int milliseconds)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ProcessEventSource.StartAsync(
            new ProcessEventSourceOptions { BatchDelay = TimeSpan.FromMilliseconds(milliseconds) }, TestContext.Current.CancellationToken));
        Assert.Equal("options.BatchDelay", error.ParamName);
    }
}
