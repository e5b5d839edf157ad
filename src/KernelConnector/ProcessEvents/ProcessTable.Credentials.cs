using System;
using System.Collections.Generic;

namespace KernelConnector.ProcessEvents;

public sealed partial class ProcessTable
{
    // Id changes received and not applied yet: a /proc read at an earlier exec of the same pid
    // that shows one of them shows that change, not the exec.
    private readonly PendingChanges<(uint Real, uint Effective)> _pendingIds = new();

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
            _pendingIds.Note(tgid, timestampNs, user ? ProcEventKind.Uid : ProcEventKind.Gid, (real, effective));
        }
    }

    private ProcessRecord? OnIdLocked(in ProcIdEvent id, ulong timestampNs, bool user)
    {
        _pendingIds.Applied(id.ProcessTgid, timestampNs, user ? ProcEventKind.Uid : ProcEventKind.Gid);
        var process = GetOrDiscoverLocked(id.ProcessTgid, timestampNs);
        if (process is null)
        {
            return null;
        }

        // The kernel sends the ids the process has just taken: whatever it had before, known or not,
        // these are its ids from now on.
        if (user)
        {
            process.SetUser(id.Real, id.Effective, UserNameOf(id.Real), ProcessCredentialSource.Event);
        }
        else
        {
            process.SetGroup(id.Real, id.Effective, GroupNameOf(id.Real), ProcessCredentialSource.Event);
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
            var explained = _pendingIds.SetLater(record.Pid, execNs, ProcEventKind.Uid, (status.Uid, status.EffectiveUid));
            SetUserFromStatus(record, status, explained ? ProcessCredentialSource.Unknown : ProcessCredentialSource.ProcStatus);
        }

        if (IsFallback(record.GidSource, discovered))
        {
            var explained = _pendingIds.SetLater(record.Pid, execNs, ProcEventKind.Gid, (status.Gid, status.EffectiveGid));
            SetGroupFromStatus(record, status, explained ? ProcessCredentialSource.Unknown : ProcessCredentialSource.ProcStatus);
        }
    }

    private static bool IsFallback(ProcessCredentialSource source, bool discovered) =>
        source == ProcessCredentialSource.Unknown || (discovered && source == ProcessCredentialSource.ProcStatus);

    private void SetUserFromStatus(ProcessRecord record, ProcStatus status, ProcessCredentialSource source) =>
        record.SetUser(status.Uid, status.EffectiveUid, UserNameOf(status.Uid), source);

    private void SetGroupFromStatus(ProcessRecord record, ProcStatus status, ProcessCredentialSource source) =>
        record.SetGroup(status.Gid, status.EffectiveGid, GroupNameOf(status.Gid), source);

    // Looked up only with ProcessDetails.UserNames.
    private string? UserNameOf(uint uid) => (_options.Details & ProcessDetails.UserNames) != 0 ? _users.UserName(uid) : null;

    private string? GroupNameOf(uint gid) => (_options.Details & ProcessDetails.UserNames) != 0 ? _users.GroupName(gid) : null;

    private static void ReadThreadsAndNamespacePid(ProcessRecord record, ProcStatus status)
    {
        record.Threads = Math.Max(1, status.Threads);
        record.NamespacePid = status.NamespacePids.Length > 0 ? status.NamespacePids[^1] : record.Pid;
    }
}
