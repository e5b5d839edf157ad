using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;
using KernelConnector.Testing;
using KernelConnector.Tests.Support;
using ProcMonitor;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents;

/// <summary>
/// Options that cannot work are refused by <see cref="ProcessEventSource.StartAsync(ProcessEventSourceOptions?, CancellationToken)"/>
/// and by the overload that takes an endpoint, with the option's name and what it takes, before
/// anything is opened, attached or subscribed; and the values ProcMonitor uses are not refused.
/// </summary>
/// <remarks>
/// Process-wide: each refusal counts the connector sockets this process holds before and after.
/// The refusals need no privilege (nothing reaches the kernel), so they run everywhere.
/// </remarks>
[Collection(ProcessWideCollection.Name)]
public sealed class ProcessEventSourceRefusalTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public Task A_receive_buffer_of_no_bytes_is_refused(int size) =>
        AssertOutOfRangeAsync(new() { ReceiveBufferSize = size }, "ReceiveBufferSize", "ReceiveBufferSize must be at least 1 byte");

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]                                       // less than InfiniteTimeSpan's -1 ms: a tick
    [InlineData(-50_000_000L)]                              // -5 s
    [InlineData(5_000L)]                                    // half a millisecond: the wait would end at once
    [InlineData(50L * 24 * 3600 * 10_000_000)]              // 50 days: more than a cancellation timer takes
    public Task An_acknowledgement_timeout_that_leaves_no_time_or_cannot_be_timed_is_refused(long ticks) =>
        AssertOutOfRangeAsync(new() { AcknowledgementTimeout = TimeSpan.FromTicks(ticks) }, "AcknowledgementTimeout",
            "AcknowledgementTimeout must be from 1 ms to 49.7 days, or Timeout.InfiniteTimeSpan");

    [Fact]
    public Task No_kind_of_event_is_refused() =>
        AssertOutOfRangeAsync(new() { Events = ProcEventKind.None }, "Events", "Events must name at least one kind of event");

    [Theory]
    [InlineData(0x00000008u)]                               // a bit between UID and GID that names no kind
    [InlineData(0x00000002u | 0x00010000u)]                 // exec plus an unnamed bit
    public Task Bits_that_name_no_kind_of_event_are_refused(uint events) =>
        AssertOutOfRangeAsync(new() { Events = (ProcEventKind)events }, "Events", "Events must combine the kinds ProcEventKind names");

    [Theory]
    [InlineData(-1L)]
    [InlineData(-10_000L)]                                  // Timeout.InfiniteTimeSpan: "never" would leave the table wrong
    public Task A_negative_resync_interval_is_refused(long ticks) =>
        AssertOutOfRangeAsync(new() { ResyncInterval = TimeSpan.FromTicks(ticks) }, "ResyncInterval", "ResyncInterval must be zero or more");

    [Fact]
    public Task A_channel_with_no_room_is_refused_before_a_socket_is_opened() =>
        AssertOutOfRangeAsync(new() { ChannelCapacity = 0 }, "ChannelCapacity", "ChannelCapacity must be at least 1");

    [Fact]
    public Task A_process_callback_without_a_table_is_refused_before_a_socket_is_opened() =>
        AssertRefusedAsync<ArgumentException>(new() { ProcessCallback = (in ProcEvent _, ProcessRecord? _) => { } }, "options.ProcessCallback",
            "A ProcessCallback needs a process table");

    [Fact]
    public async Task A_table_over_a_proc_root_that_does_not_exist_is_refused_and_left_free()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"api-refusals-no-proc-{Guid.NewGuid():N}");
        var table = new ProcessTable(new ProcessTableOptions { ProcRoot = missing });
        var refused = await AssertRefusedAsync<ArgumentException>(new() { Processes = table }, "options.Processes",
            "Processes.Options.ProcRoot must be an existing directory");
        Assert.Contains($"'{missing}' does not exist", refused.Message, StringComparison.Ordinal);

        // Refused before the table was attached: another source may still take it.
        Assert.True(table.TryAttach());
        table.Detach();
    }

    [Fact]
    public async Task Every_value_ProcMonitor_passes_and_the_documented_edges_are_accepted()
    {
        // ProcMonitor's --buffer bounds, every kind, its --priority-boost and --batch-delay bounds,
        // a table on /proc; and the edges this class documents: no time-out, a resync after every
        // loss, failed exits alone.
        ProcessEventSourceOptions[] accepted =
        [
            new() { ReceiveBufferSize = SizeParser.Minimum, Events = ProcEventKind.All, PriorityBoost = 0, BatchDelay = TimeSpan.Zero },
            new() { ReceiveBufferSize = SizeParser.Maximum, PriorityBoost = ProcessEventSourceOptions.MaxPriorityBoost, BatchDelay = ProcessEventSourceOptions.MaxBatchDelay },
            new() { Processes = new ProcessTable(), ProcessCallback = (in ProcEvent _, ProcessRecord? _) => { } },
            new() { AcknowledgementTimeout = Timeout.InfiniteTimeSpan, ResyncInterval = TimeSpan.Zero, Events = ProcEventKind.NonzeroExit },
            new() { ReceiveBufferSize = 1 },
        ];
        foreach (var options in accepted)
        {
            using var connector = AcknowledgingKernel(out _);
            await using var endpoint = connector.Open();
            await using var source = await ProcessEventSource.StartAsync(endpoint, options, TestContext.Current.CancellationToken);
            Assert.Same(endpoint, source.Endpoint);
        }
    }

    private static Task AssertOutOfRangeAsync(ProcessEventSourceOptions options, string option, string messageStart) =>
        AssertRefusedAsync<ArgumentOutOfRangeException>(options, "options." + option, messageStart);

    /// <summary>
    /// Refused on both overloads with exactly <typeparamref name="TException"/>, that parameter name
    /// and message: on its own socket with no connector socket left behind, on an in-memory
    /// endpoint with nothing sent to the kernel side and no request pending.
    /// </summary>
    private static async Task<TException> AssertRefusedAsync<TException>(ProcessEventSourceOptions options, string paramName, string messageStart)
        where TException : ArgumentException
    {
        var socketsBefore = ConnectorSockets();
        var onSocket = await Assert.ThrowsAsync<TException>(() => ProcessEventSource.StartAsync(options, TestContext.Current.CancellationToken));
        Assert.Equal(socketsBefore, ConnectorSockets());
        Assert.Equal(paramName, onSocket.ParamName);
        Assert.StartsWith(messageStart, onSocket.Message, StringComparison.Ordinal);

        using var connector = AcknowledgingKernel(out var requests);
        await using var endpoint = connector.Open();
        var inMemory = await Assert.ThrowsAsync<TException>(() => ProcessEventSource.StartAsync(endpoint, options, TestContext.Current.CancellationToken));
        Assert.Equal(paramName, inMemory.ParamName);
        Assert.Equal(onSocket.Message, inMemory.Message);
        Assert.Equal(0, requests());
        Assert.Equal(0, endpoint.PendingRequests);
        return onSocket;
    }

    /// <summary>An in-memory kernel that acknowledges listen requests as cn_proc does, and counts them.</summary>
    private static InMemoryConnector AcknowledgingKernel(out Func<int> requests)
    {
        var connector = new InMemoryConnector();
        var count = 0;
        connector.AddKernelCallback((in ReceivedConnectorMessage<ProcMulticastRequest> m, KernelReplyContext reply) =>
        {
            Interlocked.Increment(ref count);
            reply.Reply(new ProcEvent { What = ProcEventKind.None }, ConnectorAddress.Group(1), seq: 1);
        });
        requests = () => Volatile.Read(ref count);
        return connector;
    }

    /// <summary>
    /// The NETLINK_CONNECTOR sockets this process holds: its socket descriptors' inodes that the
    /// kernel's netlink table lists with protocol 11.
    /// </summary>
    private static int ConnectorSockets()
    {
        var held = Directory.GetFiles("/proc/self/fd")
            .Select(fd => new FileInfo(fd).LinkTarget ?? "")
            .Where(target => target.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(target => target["socket:[".Length..^1])
            .ToHashSet(StringComparer.Ordinal);

        // Columns: sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode.
        return File.ReadLines("/proc/self/net/netlink").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(columns => columns.Length >= 10 && columns[1] == "11" && held.Contains(columns[9]));
    }
}
