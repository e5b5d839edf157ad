using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;
using KernelConnector.Tests.Shared;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Truth;

/// <summary>The library's process table on the real machine: seeded from /proc, fed by the kernel, resynchronised after a forced overrun.</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ProcessTableKernelTests
{
    [Fact]
    public void Seeding_knows_this_process_as_proc_shows_it()
    {
        var table = new ProcessTable();
        Assert.True(table.Seed() > 1);

        var self = table.Find(Environment.ProcessId)!;
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        Assert.Equal(ulong.Parse(fields[19], CultureInfo.InvariantCulture), self.Key.StartTicks);
        Assert.Equal(int.Parse(fields[1], CultureInfo.InvariantCulture), self.ParentPid);
        Assert.Same(table.Find(self.ParentPid), self.Parent);
        var cmdline = File.ReadAllText("/proc/self/cmdline").TrimEnd('\0').Split('\0');
        Assert.Equal(cmdline, self.Arguments);
        Assert.Equal(File.ReadAllText("/proc/self/comm").TrimEnd('\n'), self.Comm);
        Assert.Equal(Environment.UserName, self.UserName);
        Assert.Equal(ProcessOrigin.Seeded, self.Origin);
        Assert.False(self.HasExited);
        Assert.Equal(File.ReadAllText("/proc/self/cgroup").Split('\n').First(l => l.StartsWith("0::", StringComparison.Ordinal))[3..], self.CgroupPath);
    }

    [Fact]
    public async Task The_receive_loop_asks_for_a_short_time_slice_and_can_be_told_not_to()
    {
        KernelRequirement.Require();
        foreach (var prompt in new[] { true, false })
        {
            // Continuations off the receive thread: a thread it started would inherit its slice.
            var slice = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var options = new ProcessEventSourceOptions
            {
                PromptWakeUp = prompt,
                Callback = (in ReceivedConnectorMessage<ProcEvent> message) =>
                    slice.TrySetResult(File.ReadAllLines("/proc/thread-self/sched").Single(l => l.StartsWith("se.slice", StringComparison.Ordinal))),
            };
            await using var source = await ProcessEventSource.StartAsync(options, TestContext.Current.CancellationToken);
            await ProcessRunner.RunAsync("/bin/true", [], Path.GetTempPath());
            var line = await slice.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            var value = ulong.Parse(line.Split(':')[1].Trim(), CultureInfo.InvariantCulture);
            if (prompt)
            {
                Assert.Equal(100_000UL, value);
            }
            else
            {
                Assert.NotEqual(100_000UL, value);
            }
        }
    }

    [Fact]
    public async Task A_priority_boost_lowers_the_receive_threads_nice_value_only_when_asked()
    {
        KernelRequirement.Require();
        var own = ThreadNice.Process();
        foreach (var boost in new[] { 0, 4 })
        {
            var seen = new TaskCompletionSource<(int Nice, string Slice)>(TaskCreationOptions.RunContinuationsAsynchronously);
            var options = new ProcessEventSourceOptions
            {
                PriorityBoost = boost,
                Callback = (in ReceivedConnectorMessage<ProcEvent> message) => seen.TrySetResult((
                    ThreadNice.Current(),
                    File.ReadAllLines("/proc/thread-self/sched").Single(l => l.StartsWith("se.slice", StringComparison.Ordinal)))),
            };
            await using var source = await ProcessEventSource.StartAsync(options, TestContext.Current.CancellationToken);
            await ProcessRunner.RunAsync("/bin/true", [], Path.GetTempPath());
            var (nice, slice) = await seen.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

            // Lowered by exactly the boost (this test runs as root), and the short slice kept.
            Assert.Equal(own - boost, nice);
            Assert.Equal(100_000UL, ulong.Parse(slice.Split(':')[1].Trim(), CultureInfo.InvariantCulture));
            Assert.Equal(boost == 0 ? null : true, source.PriorityBoosted);
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(40)]
    public async Task A_priority_boost_out_of_range_is_refused_before_anything_opens(int boost)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => ProcessEventSource.StartAsync(new ProcessEventSourceOptions { PriorityBoost = boost }, TestContext.Current.CancellationToken));
        Assert.Equal("options.PriorityBoost", error.ParamName);
    }

    [Fact]
    public async Task A_forced_overrun_is_counted_told_and_resynchronised_from_proc()
    {
        KernelRequirement.Require();
        var storm = await Programs.StormAsync();
        var table = new ProcessTable();
        var told = new ConcurrentQueue<ProcessResyncEventArgs>();
        table.Resynchronized += (_, e) => told.Enqueue(e);
        var stalled = 0;
        var options = new ProcessEventSourceOptions
        {
            // The smallest buffer the kernel grants, and a receive loop that stalls on its first
            // events while 2,000 processes come and go: the queue must overflow.
            ReceiveBufferSize = 1,
            Processes = table,
            ProcessCallback = (in ProcEvent ev, ProcessRecord? process) =>
            {
                if (Interlocked.Increment(ref stalled) <= 10)
                {
                    Thread.Sleep(30);
                }
            },
        };
        await using var source = await ProcessEventSource.StartAsync(options, TestContext.Current.CancellationToken);
        var run = await ProcessRunner.RunAsync(storm, ["2000"], Path.GetTempPath(), timeout: TimeSpan.FromMinutes(2));
        var stormPid = int.Parse(run.Output.Split('\n')[0], CultureInfo.InvariantCulture);

        // A loss pending behind the rate limit is handled with the next event once the interval
        // has passed: make events until a round brings neither a new loss nor a resynchronisation.
        long Losses() => source.Endpoint.Statistics.Overruns + source.Endpoint.Statistics.SequenceGaps;
        var (losses, resyncs) = (-1L, -1L);
        for (var round = 0; Losses() != losses || table.Statistics.Resynchronizations != resyncs || told.IsEmpty; round++)
        {
            Assert.True(round < 50, "the losses and resynchronisations never settled");
            (losses, resyncs) = (Losses(), table.Statistics.Resynchronizations);
            await Task.Delay(options.ResyncInterval * 2, TestContext.Current.CancellationToken);
            await ProcessRunner.RunAsync("/bin/true", [], Path.GetTempPath());
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var endpoint = source.Endpoint.Statistics;
        var stats = table.Statistics;
        Assert.True(endpoint.Overruns > 0, "the receive queue never overflowed");
        Assert.True(stats.Resynchronizations > 0);
        Assert.Equal(stats.Resynchronizations, told.Count);
        Assert.Contains(told, e => e.Cause == ConnectorLossKind.Overrun);

        // Whatever was lost, no child of the storm is still alive in the table: each exit was seen,
        // or the resynchronisation found the process gone.
        Assert.DoesNotContain(table.LiveProcesses(), p => p.ParentPid == stormPid);
    }
}
