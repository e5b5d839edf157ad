using System.Collections.Generic;

namespace KernelConnector.ProcessEvents;

public sealed partial class ProcessTable
{
    // What was read ahead for the execs of the batch being received, by pid; used by the exec's
    // Apply a moment later, and forgotten when the next batch begins.
    private readonly Dictionary<int, ReadAhead> _prefetched = [];

    /// <summary>
    /// An exec's program as read ahead: the command line, and, when that was already empty (the
    /// process exited and is a zombie), its stat, read at once for the <c>comm</c> fallback: by the
    /// time the exec is applied its parent may have reaped it, and then nothing is left to read.
    /// </summary>
    private readonly record struct ReadAhead(string[]? Arguments, StatFields? ZombieStat);

    /// <summary>
    /// Reads the command line of a process whose exec event is in the batch just received, before
    /// the batch's events are applied: a short-lived program is then read as early as possible.
    /// </summary>
    internal void PrefetchCommandLine(int pid)
    {
        if ((_options.Details & ProcessDetails.Arguments) == 0)
        {
            return;
        }

        var arguments = ProcFs.ReadArguments(_options.ProcRoot, pid);
        StatFields? zombie = arguments is [] && ProcFs.TryReadStat(_options.ProcRoot, pid, out var stat) ? stat : null;
        lock (_gate)
        {
            // A second exec of the same pid in one batch: the first read is as fresh as any.
            _prefetched.TryAdd(pid, new ReadAhead(arguments, zombie));
        }
    }

    /// <summary>Drops what the last batch read ahead and did not use.</summary>
    internal void ForgetPrefetched()
    {
        lock (_gate)
        {
            _prefetched.Clear();
        }
    }

    /// <summary>What was read ahead for <paramref name="pid"/>'s exec, if anything (taken: a later exec reads again).</summary>
    private bool TryTakePrefetchedLocked(int pid, out ReadAhead readAhead) => _prefetched.Remove(pid, out readAhead);
}
