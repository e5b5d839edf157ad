namespace KernelConnector.ProcessEvents;

public sealed partial class ProcessTable
{
    // What was read ahead for execs not yet applied, by pid and the exec's kernel timestamp: one
    // pid can exec twice before the first is applied (sh -c 'exec prog', env, nice), and each exec
    // keeps its own read. One whose exec never comes (an overrun) is dropped once execs a second
    // newer than it have been applied.
    private readonly PendingChanges<ReadAhead> _prefetched = new();

    /// <summary>The kernel timestamp of the newest exec applied (0 before the first, or without <see cref="ProcessDetails.Arguments"/>).</summary>
    internal ulong NewestAppliedExecNs
    {
        get
        {
            lock (_gate)
            {
                return _prefetched.NewestAppliedNs;
            }
        }
    }

    /// <summary>
    /// An exec's program as read ahead: the command line, and, when that was already empty (the
    /// process exited and is a zombie), its stat, read at once for the <c>comm</c> fallback: by the
    /// time the exec is applied its parent may have reaped it, and then nothing is left to read.
    /// <paramref name="Gone"/>: the process was already reaped then, so a read when the exec is
    /// applied could only find nothing, or another process that took the pid meanwhile.
    /// </summary>
    /// <paramref name="Comm"/>: read right after the command line, when that was not empty (null
    /// when the process was reaped in between). <paramref name="ReadNs"/> and
    /// <paramref name="ReadEndNs"/>: <c>CLOCK_MONOTONIC</c> (the events' clock) when the reads
    /// began and ended.
    private readonly record struct ReadAhead(string[]? Arguments, bool Truncated, string? Comm, StatFields? ZombieStat, bool Gone, ulong ReadNs, ulong ReadEndNs);

    /// <summary>Read-aheads waiting for their exec, for tests.</summary>
    internal int PrefetchedCount
    {
        get
        {
            lock (_gate)
            {
                return _prefetched.Count;
            }
        }
    }

    /// <summary>
    /// Reads the command line of a process whose exec event was just received (in the batch, or on
    /// the exec doorbell), before the events ahead of it are applied: a short-lived program is then
    /// read as early as possible. Once per exec: a second sighting of the same event reads nothing.
    /// </summary>
    internal void PrefetchCommandLine(int pid, ulong execNs)
    {
        if ((_options.Details & ProcessDetails.Arguments) == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_prefetched.Contains(pid, execNs, ProcEventKind.Exec))
            {
                return;
            }
        }

        // The command line and comm together: read apart (comm when the exec is applied), a
        // process that exec'd again meanwhile (sh -c 'exec prog') got one program's arguments
        // and the next one's name.
        var readNs = BootClock.MonotonicNow();
        var arguments = ProcFs.ReadArguments(_options.ProcRoot, pid, out var gone, out var truncated);
        var comm = arguments is { Length: > 0 } && (_options.Details & ProcessDetails.CommandName) != 0 ? ProcFs.ReadComm(_options.ProcRoot, pid) : null;
        StatFields? zombie = arguments is [] && ProcFs.TryReadStat(_options.ProcRoot, pid, out var stat) ? stat : null;
        var readEndNs = BootClock.MonotonicNow();
        lock (_gate)
        {
            _prefetched.Note(pid, execNs, ProcEventKind.Exec, new ReadAhead(arguments, truncated, comm, zombie, gone, readNs, readEndNs));
        }
    }

    /// <summary>
    /// The kernel timestamp of <paramref name="pid"/>'s next exec after the one at
    /// <paramref name="execNs"/>, among the execs received and not yet applied (0 when none): a
    /// read that began after it found the later program (<c>sh -c 'exec prog'</c>, <c>env</c>,
    /// <c>nice</c>, <c>setpriv</c> exec at once), and the earlier exec's can no longer be read.
    /// </summary>
    private ulong NextExecLocked(int pid, ulong execNs) => _prefetched.NextAfter(pid, execNs, ProcEventKind.Exec);

    /// <summary>What was read ahead for <paramref name="pid"/>'s exec at <paramref name="execNs"/>, if anything (taken: it is used once).</summary>
    private bool TryTakePrefetchedLocked(int pid, ulong execNs, out ReadAhead readAhead) =>
        _prefetched.TryTake(pid, execNs, ProcEventKind.Exec, out readAhead);
}
