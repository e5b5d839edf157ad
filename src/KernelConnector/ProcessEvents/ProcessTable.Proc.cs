using System;
using System.Collections.Generic;

namespace KernelConnector.ProcessEvents;

public sealed partial class ProcessTable
{
    /// <summary>
    /// Adds every process alive now, read from <c>/proc</c>, that the table does not hold yet;
    /// returns how many were added. Call it once before events flow, or let a
    /// <see cref="ProcessEventSource"/> do it.
    /// </summary>
    public int Seed()
    {
        var pids = ProcFs.ListPids(_options.ProcRoot);
        lock (_gate)
        {
            var added = AddMissingLocked(pids, ProcessOrigin.Seeded);
            _seeded += added.Count;
            return added.Count;
        }
    }

    /// <summary>
    /// Brings the table back in line with <c>/proc</c> after events were lost: adds the processes
    /// it missed, and ends (as exited, status unknown) those that vanished unseen or whose pid now
    /// belongs to another process. Counted in <see cref="Statistics"/> and told by
    /// <see cref="Resynchronized"/>.
    /// </summary>
    /// <param name="cause">How the loss was detected.</param>
    /// <param name="lost">How many events are known to be missing (0 when unknown), passed on in the report.</param>
    public ProcessResyncEventArgs Resynchronize(ConnectorLossKind cause, long lost = 0)
    {
        var report = Synchronize(cause, lost, afterLoss: true);
        Resynchronized?.Invoke(this, report);
        return report;
    }

    /// <summary>
    /// Closes the window between <see cref="Seed"/> and the subscription: what exited or started
    /// before events flowed. Not a loss, so neither counted nor told.
    /// </summary>
    internal void Reconcile() => Synchronize(ConnectorLossKind.Overrun, 0, afterLoss: false);

    private ProcessResyncEventArgs Synchronize(ConnectorLossKind cause, long lost, bool afterLoss)
    {
        _clock.Refresh();
        long before;
        lock (_gate)
        {
            before = _generation;
        }

        var pids = ProcFs.ListPids(_options.ProcRoot);
        lock (_gate)
        {
            var present = new HashSet<int>(pids);
            var now = BootClock.MonotonicNow();
            var vanished = 0;
            foreach (var record in new List<ProcessRecord>(_live.Values))
            {
                // Records created by events applied after the listing are newer than it.
                if (record.Generation > before)
                {
                    continue;
                }

                var gone = !present.Contains(record.Pid)
                    || (ProcFs.TryReadStat(_options.ProcRoot, record.Pid, out var stat) && !SameStart(stat.StartTicks, record.Key.StartTicks));
                if (gone)
                {
                    vanished++;
                    RetireLocked(record, new ProcessExit { TimestampNs = now, IsKnown = false });
                }
                else if (afterLoss && (_options.Details & ProcessDetails.Credentials) != 0)
                {
                    // An id event may have been among those lost: /proc says what the ids are now.
                    ReadCredentialsLocked(record);
                }
            }

            var added = AddMissingLocked(pids, afterLoss ? ProcessOrigin.Resynchronized : ProcessOrigin.Seeded);
            if (afterLoss)
            {
                _resyncs++;
                _resyncAdded += added.Count;
                _resyncVanished += vanished;
            }
            else
            {
                _seeded += added.Count;
            }

            return new ProcessResyncEventArgs(cause, lost, added.Count, vanished);
        }
    }

    /// <summary>
    /// Whether a /proc read at <paramref name="readNs"/> (0: now) came late enough after the event
    /// for its pid to have been reused meanwhile: a pid space wraps in no less than a few seconds
    /// even on a fork storm (32,768 pids at most ~100,000 forks a second), so what was read within
    /// 50 ms of the event's stamp is about the process that holds the pid now. The read's time, not
    /// the event's application's: an exec read ahead at once may be applied a batch delay later.
    /// </summary>
    private static bool IsStale(ulong eventNs, ulong readNs = 0) =>
        eventNs == 0 || (readNs == 0 ? BootClock.MonotonicNow() : readNs) - eventNs > 50_000_000;

    /// <summary>Whether two start times are of one process: a start derived from a fork stamp may be a tick early.</summary>
    private static bool SameStart(ulong a, ulong b) => (a > b ? a - b : b - a) <= 1;

    private List<ProcessRecord> AddMissingLocked(List<int> pids, ProcessOrigin origin)
    {
        var added = new List<ProcessRecord>();
        foreach (var pid in pids)
        {
            if (_live.ContainsKey(pid))
            {
                continue;
            }

            // A zombie's exit happened before we looked (or was handled already): nothing live to add.
            if (LoadLocked(pid, origin, allowZombie: false, fallbackNs: 0) is { } record
                && !(_lastExitedByPid.TryGetValue(pid, out var exited) && SameStart(exited.Key.StartTicks, record.Key.StartTicks)))
            {
                _live[pid] = record;
                added.Add(record);
            }
        }

        // Parents are linked once every new record is in (a parent may sort after its child).
        foreach (var record in added)
        {
            record.Parent ??= _live.GetValueOrDefault(record.ParentPid);
        }

        return added;
    }

    /// <summary>Whether <c>/proc</c> shows a thread of <paramref name="pid"/> other than its leader (none when it is gone).</summary>
    private bool HasOtherThreads(int pid) => ProcFs.OtherThread(_options.ProcRoot, pid) != 0;

    /// <summary>Reads a process from <c>/proc</c>; null when it is gone (or a zombie, unless allowed).</summary>
    private ProcessRecord? LoadLocked(int pid, ProcessOrigin origin, bool allowZombie, ulong fallbackNs)
    {
        if (!ProcFs.TryReadStat(_options.ProcRoot, pid, out var stat) || (stat.State == 'Z' && !allowZombie))
        {
            return null;
        }

        var record = new ProcessRecord(new ProcessKey(pid, stat.StartTicks), _clock.MonotonicFromTicks(stat.StartTicks), origin, _generation)
        {
            ParentPid = stat.ParentPid,
            Parent = _live.GetValueOrDefault(stat.ParentPid),
            SessionId = stat.SessionId,
        };
        ReadProgramLocked(record, stat);
        if ((_options.Details & ProcessDetails.Credentials) != 0)
        {
            ReadNamespaceLocked(record);
            ReadCredentialsLocked(record);
        }

        if ((_options.Details & ProcessDetails.Cgroup) != 0)
        {
            ReadCgroupLocked(record);
        }

        return record;
    }

    /// <summary>
    /// Names a process from <c>/proc</c>: the command line; else, when it is a zombie already, its
    /// <c>comm</c> (a zombie keeps it); else unknown. Never the name it had before (its parent's
    /// program, after a fork).
    /// </summary>
    private void ReadProgramLocked(ProcessRecord record, StatFields? knownStat, ulong eventNs = 0)
    {
        var root = _options.ProcRoot;

        // The command line first: it is what vanishes soonest.
        string[]? arguments = null;
        var readAhead = default(ReadAhead);
        var readNs = 0UL;
        var truncated = false;
        string? comm = null;
        var readEndNs = 0UL;
        if ((_options.Details & ProcessDetails.Arguments) != 0
            && (eventNs == 0 || !TryTakePrefetchedLocked(record.Pid, eventNs, out readAhead) || readAhead.Arguments is null && !readAhead.Gone))
        {
            // Not read ahead (or the read-ahead could not read the file): read now. Not when the
            // read-ahead found the process reaped: whatever holds its pid now is another process.
            readNs = BootClock.MonotonicNow();
            arguments = ProcFs.ReadArguments(root, record.Pid, out _, out truncated);
        }
        else
        {
            (arguments, truncated, comm, readNs, readEndNs) = (readAhead.Arguments, readAhead.Truncated, readAhead.Comm, readAhead.ReadNs, readAhead.ReadEndNs);
        }

        // The process's next exec, when it was received already: what is read after it is that
        // program's (command line, comm, stat, exe), not this exec's, which is gone.
        var nextExecNs = eventNs == 0 ? 0 : NextExecLocked(record.Pid, eventNs);
        var superseded = nextExecNs != 0 && nextExecNs <= readNs;
        if (superseded)
        {
            arguments = null;
        }

        if (arguments is { Length: > 0 } && knownStat is null && IsStale(eventNs, readNs)
            && ProcFs.TryReadStat(root, record.Pid, out var current) && !SameStart(current.StartTicks, record.Key.StartTicks))
        {
            // Read long after the event (a backlog): the pid may have been reused meanwhile, and
            // then what was read is another process's.
            arguments = null;
        }

        if (arguments is { Length: > 0 })
        {
            // Alive and running its program: comm is a cheap read (stat costs the kernel more, and
            // every microsecond here delays the next exec of a storm). Read ahead with the command
            // line when it was (readEndNs set), else now; only when asked for, as it is a second
            // file per exec.
            record.Arguments = arguments;
            record.ArgumentsTruncated = truncated;
            if (readEndNs == 0)
            {
                comm = knownStat?.Comm ?? ((_options.Details & ProcessDetails.CommandName) != 0 ? ProcFs.ReadComm(root, record.Pid) : null);
                readEndNs = BootClock.MonotonicNow();
            }

            // comm read after the process exec'd again is the next program's, and one that a rename
            // received after the exec set is the rename's: none rather than wrong.
            record.Comm = (nextExecNs != 0 && nextExecNs <= readEndNs) || RenamedLaterLocked(record.Pid, eventNs, comm) ? "" : comm ?? "";
            record.NameSource = ProcessNameSource.CommandLine;
        }
        else if (!superseded
            && (knownStat ?? readAhead.ZombieStat ?? (!readAhead.Gone && ProcFs.TryReadStat(root, record.Pid, out var read) ? read : null)) is { } stat
            && SameStart(stat.StartTicks, record.Key.StartTicks)
            && !RenamedLaterLocked(record.Pid, eventNs, stat.Comm))
        {
            // No arguments: a kernel thread, or a zombie (it keeps comm and stat until reaped).
            // The start time tells the pid's holder is still this process (and a zombie's comm
            // that a later rename set is not the program's).
            record.Arguments = [];
            record.ArgumentsTruncated = false;
            record.Comm = stat.Comm;
            record.NameSource = ProcessNameSource.Comm;
        }
        else
        {
            // Unknown, not wrong.
            record.Arguments = [];
            record.ArgumentsTruncated = false;
            record.Comm = "";
            record.NameSource = ProcessNameSource.Unknown;
        }

        // Read now: not once the next exec was received (it would be that program's).
        record.Executable = (_options.Details & ProcessDetails.Executable) != 0 && record.NameSource != ProcessNameSource.Unknown && nextExecNs == 0
            ? ProcFs.ReadLink(root, record.Pid, "exe")
            : null;
    }

    private void ReadCgroupLocked(ProcessRecord record)
    {
        if (CgroupMembership.TryRead(record.Pid, _options.ProcRoot) is { } cgroup)
        {
            record.CgroupPath = cgroup.Path;
            record.Container = cgroup.Container;
        }
    }

    /// <summary>The pid namespace (its inode); <see cref="ReadCredentialsLocked"/> then finds the pid inside it.</summary>
    private void ReadNamespaceLocked(ProcessRecord record)
    {
        if (ProcFs.ReadNamespace(_options.ProcRoot, record.Pid, "pid") is var ns and not 0)
        {
            record.PidNamespace = ns;
        }
    }
}
