using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace KernelConnector.Protocol;

/// <summary>
/// Detects gaps in senders' sequence numbers. A sender numbers its messages 0, 1, 2, ...; the
/// kernel numbers process events per CPU, so a message type can name a field (its sequence key)
/// whose value picks the counter. Used by one receive loop at a time: no locking.
/// </summary>
internal sealed class SequenceTracker
{
    // A jump this large is a restart or reordering, not a loss.
    private const uint MaxGap = 1u << 20;

    internal const int MaxCounters = 1 << 16;

    private readonly Dictionary<(uint Sender, CbId Id, uint Key), uint> _last = new();

    /// <summary>How many counters are remembered.</summary>
    public int Count => _last.Count;

    /// <summary>Records <paramref name="seq"/> and returns how many messages are missing before it (0 when none).</summary>
    public uint Observe(uint sender, CbId id, uint key, uint seq)
    {
        // One lookup per message: this runs for every message received.
        ref var last = ref CollectionsMarshal.GetValueRefOrAddDefault(_last, (sender, id, key), out var known);
        var previous = last;
        last = seq;
        if (!known)
        {
            // Senders come and go over months; bound the table rather than remember every one.
            // Forgetting only costs the next message of each counter its gap check.
            if (_last.Count > MaxCounters)
            {
                _last.Clear();
                _last[(sender, id, key)] = seq;
            }

            return 0;
        }

        var missing = unchecked(seq - previous - 1);
        return missing < MaxGap ? missing : 0;
    }

    public void Clear() => _last.Clear();
}
