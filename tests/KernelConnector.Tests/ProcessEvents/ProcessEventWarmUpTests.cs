using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;
using KernelConnector.Testing;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents;

/// <summary>
/// The warm-up a source runs after its start on the JIT (<see cref="ProcessEventSourceOptions.WarmUp"/>):
/// made-up events reach its own callback only, it ends, a failing callback ends it without ending
/// the source, and a disposed source calls it no more. On an in-memory kernel that acknowledges the
/// subscription as cn_proc does.
/// </summary>
public sealed class ProcessEventWarmUpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_warm_up_hands_its_made_up_events_to_its_own_callback_only_and_ends()
    {
        using var connector = AcknowledgingKernel();
        await using var endpoint = connector.Open();
        var table = new ProcessTable();
        var real = 0;
        var warmUp = new ConcurrentQueue<(ProcEventKind What, int Tgid, int? Pid)>();
        await using var source = await ProcessEventSource.StartAsync(endpoint, new ProcessEventSourceOptions
        {
            Processes = table,
            ProcessCallback = (in ProcEvent _, ProcessRecord? _) => Interlocked.Increment(ref real),
            WarmUpCallback = (in ProcEvent ev, ProcessRecord? process) => warmUp.Enqueue((ev.What, ev.ThreadGroupId, process?.Pid)),
        }, TestContext.Current.CancellationToken);
        var statistics = table.Statistics;
        var received = source.Endpoint.Statistics;

        await source.WarmUpCompletion.WaitAsync(Patience, TestContext.Current.CancellationToken);

        // Rounds of this process's lifecycle: many forks, execs and exits, each with the twin
        // table's record of this process.
        var self = Environment.ProcessId;
        Assert.True(warmUp.Count >= 3 * 40, $"{warmUp.Count} warm-up events");
        Assert.All(warmUp, e => Assert.Equal(self, e.Tgid));
        Assert.Contains(warmUp, e => e.What == ProcEventKind.Exec && e.Pid == self);
        Assert.Contains(warmUp, e => e.What == ProcEventKind.Exit && e.Pid == self);

        // Nothing reached the source's own callback, table or counters.
        Assert.Equal(0, Volatile.Read(ref real));
        Assert.Equal(statistics, table.Statistics);
        Assert.Equal(received, source.Endpoint.Statistics);
        Assert.Equal(0, source.FilteredOut);
    }

    [Theory]
    [InlineData(1)] // in the lifecycle run during the start
    [InlineData(100)] // in the rounds on the warm-up's thread
    public async Task A_warm_up_callback_that_throws_ends_the_warm_up_and_the_source_goes_on(int failingCall)
    {
        var calls = 0;
        using var connector = AcknowledgingKernel();
        await using var endpoint = connector.Open();
        var delivered = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var source = await ProcessEventSource.StartAsync(endpoint, new ProcessEventSourceOptions
        {
            Processes = new ProcessTable(),
            ProcessCallback = (in ProcEvent ev, ProcessRecord? _) => delivered.TrySetResult(ev.Exec.ProcessTgid),
            WarmUpCallback = (in ProcEvent _, ProcessRecord? _) =>
            {
                if (Interlocked.Increment(ref calls) == failingCall)
                {
                    throw new InvalidOperationException("the twin's output failed");
                }
            },
        }, TestContext.Current.CancellationToken);

        var failure = await Assert.ThrowsAsync<ConnectorCallbackException>(() => source.WarmUpCompletion.WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.Equal("the twin's output failed", failure.InnerException!.Message);
        Assert.Equal(failingCall, Volatile.Read(ref calls));

        connector.SendFromKernel(new ProcEvent { What = ProcEventKind.Exec, Exec = new() { ProcessPid = 4242, ProcessTgid = 4242 } }, ConnectorAddress.Group(ProcEvent.Group), seq: 7, ack: 0);
        Assert.Equal(4242, await delivered.Task.WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.False(source.Completion.IsCompleted);
    }

    [Fact]
    public async Task Without_the_warm_up_its_callback_is_never_called()
    {
        using var connector = AcknowledgingKernel();
        await using var endpoint = connector.Open();
        var calls = 0;
        await using var source = await ProcessEventSource.StartAsync(endpoint, new ProcessEventSourceOptions
        {
            Processes = new ProcessTable(),
            WarmUp = false,
            WarmUpCallback = (in ProcEvent _, ProcessRecord? _) => Interlocked.Increment(ref calls),
        }, TestContext.Current.CancellationToken);

        Assert.True(source.WarmUpCompletion.IsCompletedSuccessfully);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Equal(0, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task A_disposed_source_calls_its_warm_up_callback_no_more()
    {
        using var connector = AcknowledgingKernel();
        await using var endpoint = connector.Open();
        var calls = 0;
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var released = new ManualResetEventSlim();
        var source = await ProcessEventSource.StartAsync(endpoint, new ProcessEventSourceOptions
        {
            Processes = new ProcessTable(),
            WarmUpCallback = (in ProcEvent _, ProcessRecord? _) =>
            {
                // The 21st call, in the rounds, waits until the disposal has begun.
                if (Interlocked.Increment(ref calls) == 21)
                {
                    running.TrySetResult();
                    released.Wait(Patience);
                }
            },
        }, TestContext.Current.CancellationToken);

        await running.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        // DisposeAsync asks the stop before its first wait (it then waits for the loop and the warm-up).
        var disposal = source.DisposeAsync();
        released.Set();
        await disposal;
        Assert.True(source.WarmUpCompletion.IsCompletedSuccessfully);
        var atDisposal = Volatile.Read(ref calls);

        // Stopped at the end of the lifecycle it was in (six events each), not at the end of its
        // rounds (at least four of 40 lifecycles).
        Assert.InRange(atDisposal, 21, 27);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Equal(atDisposal, Volatile.Read(ref calls));
    }

    [Theory]
    [InlineData(4, 2, true)]
    [InlineData(4, 3, true)] // a quiet streak that began before the fourth round
    [InlineData(9, 5, true)]
    [InlineData(3, 3, false)] // too few rounds for three promotions
    [InlineData(10, 1, false)]
    [InlineData(10, 0, false)]
    public void The_rounds_stop_after_four_once_two_in_a_row_compiled_nothing(int roundsRun, int quietInARow, bool finished)
    {
        Assert.Equal(finished, ProcessEventWarmUp.Finished(roundsRun, quietInARow));
    }

    [Fact]
    public async Task A_warm_up_callback_without_a_table_is_refused_before_anything_is_subscribed()
    {
        using var connector = AcknowledgingKernel();
        await using var endpoint = connector.Open();
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => ProcessEventSource.StartAsync(endpoint,
            new ProcessEventSourceOptions { WarmUpCallback = (in ProcEvent _, ProcessRecord? _) => { } },
            TestContext.Current.CancellationToken));
        Assert.Equal("options.WarmUpCallback", refused.ParamName);
        Assert.StartsWith("A WarmUpCallback needs a process table: set Processes too", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, endpoint.PendingRequests);
    }

    /// <summary>An in-memory kernel that acknowledges listen requests as cn_proc does.</summary>
    private static InMemoryConnector AcknowledgingKernel()
    {
        var connector = new InMemoryConnector();
        connector.AddKernelCallback((in ReceivedConnectorMessage<ProcMulticastRequest> m, KernelReplyContext reply) =>
            reply.Reply(new ProcEvent { What = ProcEventKind.None }, ConnectorAddress.Group(1), seq: 1));
        return connector;
    }
}
