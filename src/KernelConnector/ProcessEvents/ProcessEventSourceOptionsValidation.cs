using System;
using System.IO;
using System.Threading;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// Refuses options that cannot work, before <c>ProcessEventSource.StartAsync</c> opens a socket,
/// attaches a table or subscribes: a value that fails later would leave the caller with a source
/// that never delivers, a wait that ends at once, or a failure far from its cause.
/// </summary>
/// <remarks>
/// Every message names the option and says what it takes; the parameter name is
/// <c>options.</c> and the option's name, for callers that report it. The checks apply whichever
/// overload receives the options, also to options that only the source's own socket uses.
/// </remarks>
internal static class ProcessEventSourceOptionsValidation
{
    // CancellationTokenSource.CancelAfter refuses longer delays (uint.MaxValue - 1 ms, 49.7 days).
    private static readonly TimeSpan LongestAcknowledgementTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    public static void ThrowIfInvalid(ProcessEventSourceOptions options)
    {
        ThrowIfNoEvents(options.Events);

        if (options.ReceiveBufferSize < 1)
        {
            throw new ArgumentOutOfRangeException("options.ReceiveBufferSize", options.ReceiveBufferSize,
                "ReceiveBufferSize must be at least 1 byte: it is the socket's receive buffer in bytes (8 MiB by default, which holds about 100,000 events; the kernel rounds a small size up to its minimum).");
        }

        var ack = options.AcknowledgementTimeout;
        if (ack != Timeout.InfiniteTimeSpan && (ack < TimeSpan.FromMilliseconds(1) || ack > LongestAcknowledgementTimeout))
        {
            throw new ArgumentOutOfRangeException("options.AcknowledgementTimeout", ack,
                "AcknowledgementTimeout must be from 1 ms to 49.7 days, or Timeout.InfiniteTimeSpan to wait as long as the cancellation token allows: with no time for the kernel to answer, every start would fail.");
        }

        if (options.ResyncInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException("options.ResyncInterval", options.ResyncInterval,
                "ResyncInterval must be zero or more (zero: after every loss): it is the shortest time between two rescans of /proc, and a table that is never rescanned stays wrong after a loss.");
        }

        if (options.ChannelCapacity < 1)
        {
            throw new ArgumentOutOfRangeException("options.ChannelCapacity", options.ChannelCapacity,
                "ChannelCapacity must be at least 1: it is how many events ReadAllAsync may fall behind, and with none every event would be dropped.");
        }

        if (options.PriorityBoost is < 0 or > ProcessEventSourceOptions.MaxPriorityBoost)
        {
            throw new ArgumentOutOfRangeException("options.PriorityBoost", options.PriorityBoost,
                $"PriorityBoost must be from 0 to {ProcessEventSourceOptions.MaxPriorityBoost} nice levels (0: none): it is how far the receive thread is raised above the process, from the weakest nice value to the strongest.");
        }

        if (options.BatchDelay < TimeSpan.Zero || options.BatchDelay > ProcessEventSourceOptions.MaxBatchDelay)
        {
            throw new ArgumentOutOfRangeException("options.BatchDelay", options.BatchDelay,
                "BatchDelay must be from 0 (none) to 1 second: a receive loop that sleeps longer lets the queue overflow on any busy machine.");
        }

        if (options.ProcessCallback is not null && options.Processes is null)
        {
            throw new ArgumentException("A ProcessCallback needs a process table: set Processes too.", "options.ProcessCallback");
        }

        if (options.WarmUpCallback is not null && options.Processes is null)
        {
            throw new ArgumentException("A WarmUpCallback needs a process table: set Processes too (the warm-up hands it records from a table of its own, with the same options).", "options.WarmUpCallback");
        }

        ThrowIfNoProcRoot(options.Processes);
    }

    private static void ThrowIfNoEvents(ProcEventKind events)
    {
        if (events == ProcEventKind.None)
        {
            throw new ArgumentOutOfRangeException("options.Events", events,
                "Events must name at least one kind of event (ProcEventKind.All, the default, for every kind): with none, no event would ever be delivered.");
        }

        if ((events & ~ProcEventKind.All) is var unknown and not ProcEventKind.None)
        {
            throw new ArgumentOutOfRangeException("options.Events", events,
                $"Events must combine the kinds ProcEventKind names: 0x{(uint)unknown:X8} is no kind of event, and nothing of it would ever be delivered.");
        }
    }

    private static void ThrowIfNoProcRoot(ProcessTable? table)
    {
        // A table over a missing directory seeds nothing and looks every process up in vain, so a
        // monitor would name nothing, silently.
        if (table is not null && !Directory.Exists(table.Options.ProcRoot))
        {
            throw new ArgumentException(
                $"Processes.Options.ProcRoot must be an existing directory where procfs is mounted (/proc, the default): '{table.Options.ProcRoot}' does not exist, and a table read from it would know no process.",
                "options.Processes");
        }
    }
}
