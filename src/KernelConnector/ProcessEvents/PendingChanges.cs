using System;
using System.Collections.Generic;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// Changes of processes that the table has received (seen in a batch before the batch is applied,
/// or rung for on the exec doorbell) and not applied yet, each with what is known of it: an exec
/// with its read-ahead, an id change, a rename. Events ahead of them are applied after they
/// happened, and what a <c>/proc</c> read finds then may be theirs; this is where the table looks.
/// Bounded: one whose event never comes (lost in an overrun) is dropped once changes a second newer
/// have been applied. Not thread-safe: the table holds its lock around every call.
/// </summary>
/// <typeparam name="TValue">What is known of a change: what it set, or what was read ahead for it.</typeparam>
internal sealed class PendingChanges<TValue>
{
    // Kept at most; a second is far longer than events of different CPUs arrive out of order.
    private const int Capacity = 1024;
    private const ulong StaleAfterNs = 1_000_000_000;

    private readonly Dictionary<(int Pid, ulong Ns, ProcEventKind Kind), TValue> _changes = [];

    // The newest change applied, by kernel timestamp: what staleness is measured against.
    private ulong _newestAppliedNs;

    public int Count => _changes.Count;

    /// <summary>The kernel timestamp of the newest change applied (0 before the first).</summary>
    public ulong NewestAppliedNs => _newestAppliedNs;

    /// <summary>Whether this very change is noted.</summary>
    public bool Contains(int pid, ulong timestampNs, ProcEventKind kind) => _changes.ContainsKey((pid, timestampNs, kind));

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
    public void Applied(int pid, ulong timestampNs, ProcEventKind kind) => TryTake(pid, timestampNs, kind, out _);

    /// <summary>Takes what is known of a change whose event is being applied (it is used once).</summary>
    public bool TryTake(int pid, ulong timestampNs, ProcEventKind kind, out TValue value)
    {
        _newestAppliedNs = Math.Max(_newestAppliedNs, timestampNs);
        return _changes.Remove((pid, timestampNs, kind), out value!);
    }

    /// <summary>The timestamp of <paramref name="pid"/>'s first change <paramref name="kind"/> after <paramref name="afterNs"/> (0 when none).</summary>
    public ulong NextAfter(int pid, ulong afterNs, ProcEventKind kind)
    {
        var next = 0UL;
        foreach (var key in _changes.Keys)
        {
            if (key.Pid == pid && key.Kind == kind && key.Ns > afterNs && (next == 0 || key.Ns < next))
            {
                next = key.Ns;
            }
        }

        return next;
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
            // grow: what is lost is a check on a late read, or a read-ahead (read again when its
            // exec is applied).
            _changes.Clear();
        }
    }
}
