using System;
using KernelConnector.ProcessEvents;

namespace ProcMonitor;

/// <summary>What the command line asked for, checked.</summary>
internal sealed record MonitorOptions
{
    public EventClass Events { get; init; } = EventClass.All;

    public bool Json { get; init; }

    public TimeSpan? Duration { get; init; }

    /// <summary>Extra columns: parent pid, user, container (forkstat's -x).</summary>
    public bool Extra { get; init; }

    /// <summary>Per-process statistics at the end (forkstat's -S).</summary>
    public bool ProcessStatistics { get; init; }

    /// <summary>Nice levels the receive thread runs above the process (auditd's priority_boost); 0 for none.</summary>
    public int PriorityBoost { get; init; }

    /// <summary>
    /// How long events other than execs may wait, to be received in batches
    /// (<see cref="ProcessEventSourceOptions.BatchDelay"/>).
    /// </summary>
    public TimeSpan BatchDelay { get; init; } = DefaultBatchDelay;

    /// <summary>The default <see cref="BatchDelay"/>: see docs/benchmarks.md for what it saves.</summary>
    public static readonly TimeSpan DefaultBatchDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>Real-time scheduling for the receive loop (forkstat's -r).</summary>
    public bool RealTime { get; init; }

    /// <summary>Pids whose subtrees to show; resolved to identities once the table is seeded.</summary>
    public int[] Pids { get; init; } = [];

    /// <summary>The socket's receive buffer in bytes; null for the library's default (8 MiB).</summary>
    public int? ReceiveBuffer { get; init; }

    public ProcessFilter Filter { get; init; } = new();
}
