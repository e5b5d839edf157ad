using System;
using System.Collections.Generic;

namespace KernelConnector.ProcessEvents;

public sealed partial class ProcessTable
{
    // Id changes received (seen in a batch before it is applied) and not applied yet, by pid, the
    // event's kernel timestamp and whether it is the user's or the group's: a /proc read at an
    // earlier exec of that pid that shows one of them shows the later change, not the exec.
    private readonly Dictionary<(int Pid, ulong Ns, bool User), (uint Real, uint Effective)> _pendingIds = [];
    private const int MaxPendingIds = 1024;

    // The newest id change applied, by kernel timestamp: what the trim measures staleness against.
    private ulong _newestAppliedIdNs;

    /// <summary>Id changes noted and not applied yet, for tests.</summary>
    internal int PendingIdChanges
    {
        get
        {
            lock (_gate)
            {
                return _pendingIds.Count;
            }
        }
    }

    /// <summary>
    /// Notes a uid or gid event received and not applied yet (the batch is previewed before it is
    /// applied), so that an earlier exec of the same pid does not take the ids a <c>/proc</c> read
    /// shows when they are this change's.
    /// </summary>
    internal void NoteIdChange(int tgid, bool user, uint real, uint effective, ulong timestampNs)
    {
        if ((_options.Details & ProcessDetails.Credentials) == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_pendingIds.Count >= MaxPendingIds)
            {
                TrimPendingIdsLocked();
            }

            _pendingIds[(tgid, timestampNs, user)] = (real, effective);
        }
    }

    private ProcessRecord? OnIdLocked(in ProcIdEvent id, ulong timestampNs, bool user)
    {
        _pendingIds.Remove((id.ProcessTgid, timestampNs, user));
        _newestAppliedIdNs = Math.Max(_newestAppliedIdNs, timestampNs);
        var process = GetOrDiscoverLocked(id.ProcessTgid, timestampNs);
        if (process is null)
        {
            return null;
        }

        // The kernel sends the ids the process has just taken: whatever it had before, known or not,
        // these are its ids from now on.
        var names = (_options.Details & ProcessDetails.UserNames) != 0;
        if (user)
        {
            process.SetUser(id.Real, id.Effective, names ? _users.UserName(id.Real) : null, ProcessCredentialSource.Event);
        }
        else
        {
            process.SetGroup(id.Real, id.Effective, names ? _users.GroupName(id.Real) : null, ProcessCredentialSource.Event);
        }

        return process;
    }

    /// <summary>
    /// Reads <c>/proc/&lt;pid&gt;/status</c> for a process the table has just met (seeded,
    /// discovered, added after a loss) or that it re-reads after a loss: the ids as they are now.
    /// </summary>
    private void ReadCredentialsLocked(ProcessRecord record)
    {
        if (ProcStatus.TryRead(record.Pid, _options.ProcRoot) is not { } status)
        {
            return;
        }

        ReadThreadsAndNamespacePid(record, status);
        SetUserFromStatus(record, status, ProcessCredentialSource.ProcStatus);
        SetGroupFromStatus(record, status, ProcessCredentialSource.ProcStatus);
    }

    /// <summary>
    /// Reads <c>/proc/&lt;pid&gt;/status</c> at an exec: the threads and the pid inside the pid
    /// namespace always; the ids only where the table does not know them (or knows them only from
    /// a read made when this very exec discovered the process). A read comes after the exec, by as
    /// long as the table lags: <c>setpriv --reuid</c> has often dropped to its new user by then,
    /// and the exec happened as the old one. The ids carried from the fork and the id events are
    /// the ones the process had at the exec (the kernel sends an id change, a set-user-id
    /// program's too, before the events that follow it), so a read never replaces them.
    /// </summary>
    private void ReadCredentialsAtExecLocked(ProcessRecord record, ulong execNs, bool discovered)
    {
        if (ProcStatus.TryRead(record.Pid, _options.ProcRoot) is not { } status)
        {
            return;
        }

        ReadThreadsAndNamespacePid(record, status);
        if (IsFallback(record.UidSource, discovered))
        {
            var explained = ChangedLaterLocked(record.Pid, execNs, user: true, status.Uid, status.EffectiveUid);
            SetUserFromStatus(record, status, explained ? ProcessCredentialSource.Unknown : ProcessCredentialSource.ProcStatus);
        }

        if (IsFallback(record.GidSource, discovered))
        {
            var explained = ChangedLaterLocked(record.Pid, execNs, user: false, status.Gid, status.EffectiveGid);
            SetGroupFromStatus(record, status, explained ? ProcessCredentialSource.Unknown : ProcessCredentialSource.ProcStatus);
        }
    }

    private static bool IsFallback(ProcessCredentialSource source, bool discovered) =>
        source == ProcessCredentialSource.Unknown || (discovered && source == ProcessCredentialSource.ProcStatus);

    /// <summary>
    /// Whether an id change of <paramref name="pid"/> received after its exec at
    /// <paramref name="execNs"/>, and not applied yet, set the ids a read shows: then the read shows
    /// that change, and what the process had at the exec is not known from it.
    /// </summary>
    private bool ChangedLaterLocked(int pid, ulong execNs, bool user, uint real, uint effective)
    {
        foreach (var (key, ids) in _pendingIds)
        {
            if (key.Pid == pid && key.User == user && key.Ns > execNs && ids == (real, effective))
            {
                return true;
            }
        }

        return false;
    }

    private void SetUserFromStatus(ProcessRecord record, ProcStatus status, ProcessCredentialSource source) =>
        record.SetUser(status.Uid, status.EffectiveUid, (_options.Details & ProcessDetails.UserNames) != 0 ? _users.UserName(status.Uid) : null, source);

    private void SetGroupFromStatus(ProcessRecord record, ProcStatus status, ProcessCredentialSource source) =>
        record.SetGroup(status.Gid, status.EffectiveGid, (_options.Details & ProcessDetails.UserNames) != 0 ? _users.GroupName(status.Gid) : null, source);

    private static void ReadThreadsAndNamespacePid(ProcessRecord record, ProcStatus status)
    {
        record.Threads = Math.Max(1, status.Threads);
        record.NamespacePid = status.NamespacePids.Length > 0 ? status.NamespacePids[^1] : record.Pid;
    }

    private void TrimPendingIdsLocked()
    {
        // An id event that never came to be applied (lost in an overrun) is dropped once changes a
        // second newer have been; events of different CPUs are out of order by far less.
        List<(int, ulong, bool)>? stale = null;
        foreach (var key in _pendingIds.Keys)
        {
            if (key.Ns + StaleAfterNs < _newestAppliedIdNs)
            {
                (stale ??= []).Add(key);
            }
        }

        foreach (var key in stale ?? [])
        {
            _pendingIds.Remove(key);
        }

        if (_pendingIds.Count >= MaxPendingIds)
        {
            // None stale: changes are noted faster than they are applied. Start over rather than
            // grow; what is lost is only a check on a fallback read.
            _pendingIds.Clear();
        }
    }
}
