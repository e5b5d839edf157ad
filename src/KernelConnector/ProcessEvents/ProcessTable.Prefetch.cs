using System.Collections.Generic;

namespace KernelConnector.ProcessEvents;

public sealed partial class ProcessTable
{
    // Command lines read ahead for the execs of the batch being received, by pid; used by the
    // exec's Apply a moment later, and forgotten when the next batch begins.
    private readonly Dictionary<int, string[]?> _prefetched = [];

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
        lock (_gate)
        {
            // A second exec of the same pid in one batch: the first read is as fresh as any.
            _prefetched.TryAdd(pid, arguments);
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

    /// <summary>The command line read ahead for <paramref name="pid"/>'s exec, if any (taken: a later exec reads again).</summary>
    private bool TryTakePrefetchedLocked(int pid, out string[]? arguments) => _prefetched.Remove(pid, out arguments);
}
