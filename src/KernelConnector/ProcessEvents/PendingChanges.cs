using System;
using System.Collections.Generic;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// Changes a process made that the table has received (seen in a batch before the batch is
/// applied) and not applied yet: an id change, a rename. An exec ahead of them in the batch reads
/// <c>/proc</c> after they happened, and what it reads may be theirs, not the exec's; this is
/// where the exec looks. Not thread-safe: the table holds its lock around every call.
/// </summary>
/// <typeparam name="TValue">What the change set, compared with what a read shows.</typeparam>
internal sealed class PendingChanges<TValue>
{
    // Kept at most. Each waits for its event to be applied; one whose event never comes (lost in
    // an overrun) is dropped once changes a second newer have been applied.
    private const int Capacity = 1024;
    private const ulong StaleAfterNs = 1_000_000_000;

    private readonly Dictionary<(int Pid, ulong Ns, ProcEventKind Kind), TValue> _changes = [];

    // The newest change applied, by kernel timestamp: what staleness is measured against.
    private ulong _newestAppliedNs;

    public int Count => _changes.Count;

    /// <summary>Notes the change <paramref name="kind"/> of <paramref name="pid"/> stamped <paramref name="timestampNs"/>.</summary>
    public void Note(int pid, ulong timestampNs, ProcEventKind kind, TValue value)
    {
        if (_changes.Count >= Capacity)
        {
            Trim();
        }

        _changes[(pid, timestampNs, kind)] = value;
    }

    /// <summary>Forgets a change whose event is being applied.</summary>
    public void Applied(int pid, ulong timestampNs, ProcEventKind kind)
    {
        _changes.Remove((pid, timestampNs, kind));
        _newestAppliedNs = Math.Max(_newestAppliedNs, timestampNs);
    }

    /// <summary>
    /// Whether a change <paramref name="kind"/> of <paramref name="pid"/> stamped after
    /// <paramref name="afterNs"/> set <paramref name="value"/>: then a read after it that shows
    /// that value shows the change.
    /// </summary>
    public bool SetLater(int pid, ulong afterNs, ProcEventKind kind, TValue value)
    {
        if (_changes.Count == 0)
        {
            return false;
        }

        foreach (var (key, set) in _changes)
        {
            if (key.Pid == pid && key.Kind == kind && key.Ns > afterNs && EqualityComparer<TValue>.Default.Equals(set, value))
            {
                return true;
            }
        }

        return false;
    }

    private void Trim()
    {
        // Events of different CPUs arrive a little out of timestamp order; a second is far more.
        List<(int, ulong, ProcEventKind)>? stale = null;
        foreach (var key in _changes.Keys)
        {
            if (key.Ns + StaleAfterNs < _newestAppliedNs)
            {
                (stale ??= []).Add(key);
            }
        }

        foreach (var key in stale ?? [])
        {
            _changes.Remove(key);
        }

        if (_changes.Count >= Capacity)
        {
            // None stale: changes are noted faster than they are applied. Start over rather than
            // grow; what is lost is only a check on a read made late.
            _changes.Clear();
        }
    }
}
