using System.Collections.Generic;

namespace KernelConnector.ProcessEvents;

public sealed partial class ProcessTable
{
    // Read-aheads kept at most: one per exec waiting to be applied. More means exec events were
    // lost after their read-ahead (an overrun), and the stale ones are dropped all at once.
    private const int MaxPrefetched = 1024;

    // What was read ahead for execs not yet applied, by pid; taken by the exec's Apply a moment later.
    private readonly Dictionary<int, ReadAhead> _prefetched = [];

    /// <summary>
    /// An exec's program as read ahead: the command line, and, when that was already empty (the
    /// process exited and is a zombie), its stat, read at once for the <c>comm</c> fallback: by the
    /// time the exec is applied its parent may have reaped it, and then nothing is left to read.
    /// The exec event's kernel timestamp tells which exec it was read for.
    /// </summary>
    private readonly record struct ReadAhead(ulong ExecNs, string[]? Arguments, StatFields? ZombieStat);

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
            if (_prefetched.TryGetValue(pid, out var known) && known.ExecNs == execNs)
            {
                return;
            }
        }

        var arguments = ProcFs.ReadArguments(_options.ProcRoot, pid);
        StatFields? zombie = arguments is [] && ProcFs.TryReadStat(_options.ProcRoot, pid, out var stat) ? stat : null;
        lock (_gate)
        {
            if (_prefetched.Count >= MaxPrefetched)
            {
                _prefetched.Clear();
            }

            // A later exec of the same pid replaces an earlier one never applied (it was lost).
            _prefetched[pid] = new ReadAhead(execNs, arguments, zombie);
        }
    }

    /// <summary>What was read ahead for <paramref name="pid"/>'s exec at <paramref name="execNs"/>, if anything (taken: a later exec reads again).</summary>
    private bool TryTakePrefetchedLocked(int pid, ulong execNs, out ReadAhead readAhead) =>
        _prefetched.Remove(pid, out readAhead) && readAhead.ExecNs == execNs;
}
