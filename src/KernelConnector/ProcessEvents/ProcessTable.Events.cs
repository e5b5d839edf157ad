using System;
using System.Collections.Generic;

namespace KernelConnector.ProcessEvents;

public sealed partial class ProcessTable
{
    /// <summary>
    /// Applies one process event and returns the process it is about (for a fork, the new
    /// process; for a thread's creation or exit, the thread's process), or null for an
    /// acknowledgement or an unknown kind.
    /// </summary>
    public ProcessRecord? Apply(in ProcEvent ev)
    {
        lock (_gate)
        {
            _generation++;
            switch (ev.What)
            {
                case ProcEventKind.Fork:
                    return OnForkLocked(ev.Fork, ev.TimestampNs);
                case ProcEventKind.Exec:
                    return OnExecLocked(ev.Exec.ProcessTgid, ev.TimestampNs);
                case ProcEventKind.Exit:
                    return OnExitLocked(ev.Exit, ev.TimestampNs);
                case ProcEventKind.Uid:
                    return OnIdLocked(ev.IdChange, ev.TimestampNs, user: true);
                case ProcEventKind.Gid:
                    return OnIdLocked(ev.IdChange, ev.TimestampNs, user: false);
                case ProcEventKind.Sid:
                    if (GetOrDiscoverLocked(ev.Sid.ProcessTgid, ev.TimestampNs) is { } leader)
                    {
                        // setsid() makes the calling process the leader: the session id is its pid.
                        leader.SessionId = ev.Sid.ProcessTgid;
                        return leader;
                    }

                    return null;
                case ProcEventKind.Comm:
                    return OnCommLocked(ev.Comm, ev.TimestampNs);
                case ProcEventKind.Ptrace:
                    if (GetOrDiscoverLocked(ev.Ptrace.ProcessTgid, ev.TimestampNs) is { } traced)
                    {
                        traced.TracerPid = ev.Ptrace.TracerTgid;
                        return traced;
                    }

                    return null;
                case ProcEventKind.Coredump:
                    return GetOrDiscoverLocked(ev.Coredump.ProcessTgid, ev.TimestampNs);
                default:
                    return null;
            }
        }
    }

    private ProcessRecord? OnForkLocked(in ProcForkEvent fork, ulong timestampNs)
    {
        if (fork.ChildPid != fork.ChildTgid)
        {
            // A new thread of an existing process: the process stays who it is.
            _threads++;
            var process = GetOrDiscoverLocked(fork.ChildTgid, timestampNs);
            if (process is not null)
            {
                process.Threads++;
            }

            return process;
        }

        if (_live.TryGetValue(fork.ChildPid, out var stale))
        {
            // The pid's previous holder exited while events were lost.
            _resyncVanished++;
            RetireLocked(stale, new ProcessExit { TimestampNs = timestampNs, IsKnown = false });
        }

        _forks++;
        var parent = GetOrDiscoverLocked(fork.ParentTgid, timestampNs);

        // No /proc read here: a storm's child execs a moment after its fork, and every read
        // delays the read of its command line. The fork's stamp in /proc's unit is the kernel's
        // start time (the stamp is taken just after it, so at most one tick later).
        var child = new ProcessRecord(new ProcessKey(fork.ChildPid, _clock.TicksFromMonotonic(timestampNs)), timestampNs, ProcessOrigin.Forked, _generation)
        {
            Parent = parent,
            ParentPid = fork.ParentTgid,
        };

        if (parent is not null)
        {
            child.CopyProgramFrom(parent);
        }
        else
        {
            ReadProgramLocked(child, knownStat: null);
        }

        _live[child.Pid] = child;
        return child;
    }

    private ProcessRecord OnExecLocked(int tgid, ulong timestampNs)
    {
        _execs++;
        var process = GetOrDiscoverLocked(tgid, timestampNs) ?? AddUnknownLocked(tgid, timestampNs);

        // Met at this very exec: what was read then is as late as a read at the exec.
        var discovered = process.Generation == _generation;
        process.Execs++;
        ReadProgramLocked(process, knownStat: null, timestampNs);
        switch (process.NameSource)
        {
            case ProcessNameSource.CommandLine:
                _fromCommandLine++;
                break;
            case ProcessNameSource.Comm:
                _fromComm++;
                break;
            default:
                _unknownNames++;
                break;
        }

        if ((_options.Details & ProcessDetails.Cgroup) != 0)
        {
            // Runtimes move a container's first process into its cgroup before it executes the
            // container's program, and no event tells a move: the exec is when to look.
            ReadCgroupLocked(process);
        }

        if ((_options.Details & ProcessDetails.Credentials) != 0)
        {
            // A child of CLONE_NEWPID (unshare --pid --fork) is in a new pid namespace although
            // its parent is not; it shows at its exec.
            ReadNamespaceLocked(process);
            ReadCredentialsAtExecLocked(process, timestampNs, discovered);
        }

        return process;
    }

    private ProcessRecord? OnExitLocked(in ProcExitEvent exit, ulong timestampNs)
    {
        if (exit.ProcessPid != exit.ProcessTgid)
        {
            return OnThreadExitLocked(exit, timestampNs);
        }

        var process = GetOrDiscoverLocked(exit.ProcessTgid, timestampNs) ?? AddUnknownLocked(exit.ProcessTgid, timestampNs);
        if (process.Threads > 1 && exit.WaitStatus == 0 && HasOtherThreads(process.Pid))
        {
            // The leader ended with status 0 while another thread still runs: it called
            // pthread_exit, and the process lives on until its last thread ends it, with the
            // status the group then exits with. (A nonzero status is the whole group's: exit()
            // or a signal ends every thread, and the leader's exit is the process's, whichever
            // thread's exit the kernel reports first. Only a process seen with more than one
            // thread is looked at, so a storm's single-threaded processes cost no /proc read.)
            process.LeaderExited = true;
            process.Threads--;
            return process;
        }

        _exits++;

        // The exit reports the parent at that moment: a different one means the process was
        // reparented (to init or a subreaper) after its parent exited, unless it is its tracer.
        if (exit.ParentTgid != 0 && exit.ParentTgid != process.ParentPid && exit.ParentTgid != process.TracerPid)
        {
            process.ParentPid = exit.ParentTgid;
            process.Parent = _live.GetValueOrDefault(exit.ParentTgid);
        }

        RetireLocked(process, new ProcessExit { WaitStatus = exit.WaitStatus, TimestampNs = timestampNs });
        return process;
    }

    private ProcessRecord? OnThreadExitLocked(in ProcExitEvent exit, ulong timestampNs)
    {
        // A thread ended. Its process is not discovered from it: /proc still shows a group whose
        // leader exited (a zombie leader) until its parent reaps it, and a record made from that
        // would never see an exit of its own.
        if (!_live.TryGetValue(exit.ProcessTgid, out var process))
        {
            // exit() or a fatal signal ends every thread, and each reports its own exit from its
            // own CPU: the leader's, which ends the process, often comes first. The others belong
            // to the process that just ended (not a live record, not no one).
            return JustEndedLocked(exit.ProcessTgid, timestampNs)
                ?? GetOrDiscoverLocked(exit.ProcessTgid, timestampNs, allowZombie: false);
        }

        if (!process.LeaderExited)
        {
            process.Threads = Math.Max(1, process.Threads - 1);
            return process;
        }

        // A process whose leader went first ends with its last thread, with the first nonzero
        // status a remaining thread reports (a thread's own exit is 0; exit() or a signal gives
        // every thread the group's). The count ends it, or /proc when it shows no other thread
        // left (a count that missed a thread's start or end).
        if (process.GroupWaitStatus == 0)
        {
            process.GroupWaitStatus = exit.WaitStatus;
        }

        process.Threads = Math.Max(0, process.Threads - 1);
        if (process.Threads == 0 || !HasOtherThreads(process.Pid))
        {
            _exits++;
            RetireLocked(process, new ProcessExit { WaitStatus = process.GroupWaitStatus, TimestampNs = timestampNs });
        }

        return process;
    }

    // How far a late thread exit may be from its process's end: see JustEndedLocked.
    private const ulong LateThreadExitWindowNs = 1_000_000_000;

    /// <summary>
    /// The process <paramref name="tgid"/> that ended within a second of <paramref name="timestampNs"/>,
    /// if no live process holds that pid since: the one a late thread exit belongs to. A second is
    /// far longer than a group takes to end, and far shorter than a pid takes to come round.
    /// </summary>
    private ProcessRecord? JustEndedLocked(int tgid, ulong timestampNs) =>
        _lastExitedByPid.TryGetValue(tgid, out var ended) && ended.Exit is { } exit
            && (timestampNs > exit.TimestampNs ? timestampNs - exit.TimestampNs : exit.TimestampNs - timestampNs) <= LateThreadExitWindowNs
            ? ended
            : null;

    private ProcessRecord? OnCommLocked(in ProcCommEvent comm, ulong timestampNs)
    {
        if (comm.ProcessPid == comm.ProcessTgid)
        {
            RenameAppliedLocked(comm.ProcessTgid, timestampNs);
        }

        var process = GetOrDiscoverLocked(comm.ProcessTgid, timestampNs);
        if (process is null || comm.ProcessPid != comm.ProcessTgid)
        {
            // A thread renamed itself (prctl PR_SET_NAME): the process's name is its leader's.
            return process;
        }

        var name = comm.Comm.ToString();

        // Read from /proc after the rename (the exec was handled late), the name already is the new
        // one: the old one is then unknown, not the new one twice.
        process.PreviousComm = process.Comm.Length > 0 && process.Comm != name ? process.Comm : null;
        process.Comm = name;
        if (process.NameSource == ProcessNameSource.Unknown)
        {
            process.NameSource = ProcessNameSource.Comm;
        }

        return process;
    }

    /// <summary>The live process with this pid; one the table missed is read from <c>/proc</c> (a zombie too, unless <paramref name="allowZombie"/> is false).</summary>
    private ProcessRecord? GetOrDiscoverLocked(int pid, ulong timestampNs, bool allowZombie = true)
    {
        if (_live.TryGetValue(pid, out var process))
        {
            return process;
        }

        if (pid <= 0)
        {
            return null;
        }

        process = LoadLocked(pid, ProcessOrigin.Discovered, allowZombie, fallbackNs: timestampNs);
        if (process is not null)
        {
            _discovered++;
            _live[pid] = process;
        }

        return process;
    }

    /// <summary>A process /proc no longer shows either: known by its pid alone.</summary>
    private ProcessRecord AddUnknownLocked(int pid, ulong timestampNs)
    {
        var process = new ProcessRecord(new ProcessKey(pid, _clock.TicksFromMonotonic(timestampNs)), 0, ProcessOrigin.Discovered, _generation);
        _discovered++;
        _live[pid] = process;
        return process;
    }
}
