using System;
using System.Collections.Generic;
using System.Threading;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// Every process of the machine, kept current by process events: who it is (pid and start time),
/// what it runs, under which parent, user, cgroup, container and pid namespace, and how it ended.
/// </summary>
/// <remarks>
/// <para>
/// Feed it with <see cref="Apply"/> (a <see cref="ProcessEventSource"/> started with
/// <see cref="ProcessEventSourceOptions.Processes"/> does that, seeds it from <c>/proc</c> and
/// resynchronises it after a loss). Threads belong to their process: a clone never changes the
/// process's identity, name, parent or start, and a thread's exit never ends it.
/// </para>
/// <para>
/// Exited processes stay queryable until <see cref="ProcessTableOptions.RetainExited"/> newer
/// ones have exited, so memory is bounded by the live processes plus that many.
/// All members are thread-safe.
/// </para>
/// </remarks>
public sealed partial class ProcessTable
{
#if NET9_0_OR_GREATER
    // Taken for every event and read-ahead. A Lock is entered in managed code; a monitor on the
    // JIT (CoreCLR on Linux) goes through the runtime's native helpers, which showed in the
    // storm's CPU profile (docs/benchmarks.md).
    private readonly System.Threading.Lock _gate = new();
#else
    private readonly object _gate = new();
#endif
    private readonly Dictionary<int, ProcessRecord> _live = new();
    private readonly Queue<ProcessRecord> _exited = new();
    private readonly Dictionary<int, ProcessRecord> _lastExitedByPid = new();
    private readonly ProcessTableOptions _options;
    private readonly BootClock _clock = new();
    private readonly UserNames _users = new();
    private long _generation;
    private long _seeded, _forks, _threads, _execs, _fromCommandLine, _fromComm, _unknownNames;
    private long _exits, _discovered, _resyncs, _resyncAdded, _resyncVanished, _evicted;

    /// <summary>Creates an empty table; <see cref="Seed"/> fills it with the processes alive now.</summary>
    public ProcessTable(ProcessTableOptions? options = null)
    {
        _options = options ?? new ProcessTableOptions();
        if (_options.RetainExited < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.RetainExited, "RetainExited cannot be negative.");
        }

    }

    /// <summary>How the table reads and what it keeps.</summary>
    public ProcessTableOptions Options => _options;

    // 1 while a ProcessEventSource keeps this table current: one stream of events per table.
    private int _attached;

    /// <summary>Claims the table for one process-event source; false when another holds it.</summary>
    internal bool TryAttach() => Interlocked.CompareExchange(ref _attached, 1, 0) == 0;

    /// <summary>Releases the table when its source is disposed (or failed to start).</summary>
    internal void Detach() => Volatile.Write(ref _attached, 0);

    /// <summary>
    /// Raised after a resynchronisation with <c>/proc</c> that a loss of events caused, on the
    /// thread that handled the loss (the receive loop, for a <see cref="ProcessEventSource"/>).
    /// </summary>
    public event EventHandler<ProcessResyncEventArgs>? Resynchronized;

    /// <summary>The process with this pid: the live one, else the last one that exited and is still kept.</summary>
    public ProcessRecord? Find(int pid)
    {
        lock (_gate)
        {
            return _live.TryGetValue(pid, out var live) ? live : _lastExitedByPid.GetValueOrDefault(pid);
        }
    }

    /// <summary>The process with this identity, alive or exited and still kept.</summary>
    public ProcessRecord? Find(ProcessKey key)
    {
        lock (_gate)
        {
            if (_live.TryGetValue(key.Pid, out var live) && live.Key == key)
            {
                return live;
            }

            foreach (var exited in _exited)
            {
                if (exited.Key == key)
                {
                    return exited;
                }
            }

            return null;
        }
    }

    /// <summary>The live processes, by pid.</summary>
    public IReadOnlyList<ProcessRecord> LiveProcesses()
    {
        lock (_gate)
        {
            var list = new List<ProcessRecord>(_live.Values);
            list.Sort(static (a, b) => a.Pid.CompareTo(b.Pid));
            return list;
        }
    }

    /// <summary>The exited processes still kept, oldest exit first.</summary>
    public IReadOnlyList<ProcessRecord> ExitedProcesses()
    {
        lock (_gate)
        {
            return [.. _exited];
        }
    }

    /// <summary>The children of <paramref name="parent"/>, alive or exited and still kept, by start.</summary>
    public IReadOnlyList<ProcessRecord> Children(ProcessRecord parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var children = new List<ProcessRecord>();
        lock (_gate)
        {
            foreach (var record in AllLocked())
            {
                if (ReferenceEquals(record.Parent, parent))
                {
                    children.Add(record);
                }
            }
        }

        children.Sort(static (a, b) => a.StartTimestampNs.CompareTo(b.StartTimestampNs));
        return children;
    }

    /// <summary><paramref name="root"/> and all its descendants the table knows, alive or exited and kept.</summary>
    public IReadOnlyList<ProcessRecord> Subtree(ProcessRecord root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var subtree = new List<ProcessRecord>();
        lock (_gate)
        {
            foreach (var record in AllLocked())
            {
                if (record.IsDescendantOf(root.Key))
                {
                    subtree.Add(record);
                }
            }
        }

        subtree.Sort(static (a, b) => a.StartTimestampNs.CompareTo(b.StartTimestampNs));
        return subtree;
    }

    /// <summary>The parent, grandparent, … of <paramref name="record"/>, nearest first.</summary>
    public static IReadOnlyList<ProcessRecord> Ancestors(ProcessRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var ancestors = new List<ProcessRecord>();
        for (var current = record.Parent; current is not null && ancestors.Count < 4096; current = current.Parent)
        {
            ancestors.Add(current);
        }

        return ancestors;
    }

    /// <summary>What the table holds and has done so far.</summary>
    public ProcessTableStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new ProcessTableStatistics
                {
                    Live = _live.Count,
                    Exited = _exited.Count,
                    Seeded = _seeded,
                    Forks = _forks,
                    Threads = _threads,
                    Execs = _execs,
                    NamedFromCommandLine = _fromCommandLine,
                    NamedFromComm = _fromComm,
                    NamesUnknown = _unknownNames,
                    Exits = _exits,
                    Discovered = _discovered,
                    Resynchronizations = _resyncs,
                    ResyncAdded = _resyncAdded,
                    ResyncVanished = _resyncVanished,
                    Evicted = _evicted,
                };
            }
        }
    }

    private IEnumerable<ProcessRecord> AllLocked()
    {
        foreach (var record in _live.Values)
        {
            yield return record;
        }

        foreach (var record in _exited)
        {
            yield return record;
        }
    }

    /// <summary>Ends a process: keeps it among the exited, forgetting the oldest beyond the bound.</summary>
    private void RetireLocked(ProcessRecord record, ProcessExit exit)
    {
        record.Exit = exit;
        if (_live.TryGetValue(record.Pid, out var live) && ReferenceEquals(live, record))
        {
            _live.Remove(record.Pid);
        }

        if (_options.RetainExited == 0)
        {
            _evicted++;
            return;
        }

        _exited.Enqueue(record);
        _lastExitedByPid[record.Pid] = record;
        while (_exited.Count > _options.RetainExited)
        {
            var old = _exited.Dequeue();
            if (_lastExitedByPid.TryGetValue(old.Pid, out var last) && ReferenceEquals(last, old))
            {
                _lastExitedByPid.Remove(old.Pid);
            }

            _evicted++;
        }
    }
}
