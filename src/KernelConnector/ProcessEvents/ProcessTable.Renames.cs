namespace KernelConnector.ProcessEvents;

public sealed partial class ProcessTable
{
    // Renames of processes (their leader's prctl(PR_SET_NAME)) received and not applied yet: the
    // comm read for an earlier exec of the same pid that shows one of them is the rename's.
    private readonly PendingChanges<string> _pendingRenames = new();

    /// <summary>Renames noted and not applied yet, for tests.</summary>
    internal int PendingRenames
    {
        get
        {
            lock (_gate)
            {
                return _pendingRenames.Count;
            }
        }
    }

    /// <summary>
    /// Notes a process's rename received and not applied yet (the batch is previewed before it is
    /// applied), so that an earlier exec of the same pid does not take the new name for the
    /// program's: a program that renames itself at once is renamed before a lagging table reads it.
    /// </summary>
    internal void NoteRename(int tgid, string comm, ulong timestampNs)
    {
        lock (_gate)
        {
            _pendingRenames.Note(tgid, timestampNs, ProcEventKind.Comm, comm);
        }
    }

    /// <summary>Whether <paramref name="comm"/>, read for the exec at <paramref name="execNs"/>, is what a later rename received set.</summary>
    private bool RenamedLaterLocked(int pid, ulong execNs, string? comm) =>
        execNs != 0 && comm is not null && _pendingRenames.SetLater(pid, execNs, ProcEventKind.Comm, comm);

    private void RenameAppliedLocked(int tgid, ulong timestampNs) => _pendingRenames.Applied(tgid, timestampNs, ProcEventKind.Comm);
}
