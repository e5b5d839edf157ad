using System.Threading;

namespace KernelConnector.Protocol;

/// <summary>
/// The counters the datagram walk writes, one field per <see cref="ConnectorStatistics"/> receive
/// figure. They have one writer, whoever walks (an endpoint's receive loop, or the caller of a
/// standalone dispatch), so they are plain increments: no atomic operation per message. Readers on
/// other threads take a <see cref="Snapshot"/>.
/// </summary>
internal struct ReceiveCounters
{
    public long Datagrams;
    public long Received;
    public long Dispatched;
    public long Unrouted;
    public long Invalid;
    public long Malformed;
    public long Overruns;
    public long SequenceGaps;
    public long Spoofed;
    public long CallbackErrors;

    /// <summary>The counters as the public model, for the thread that wrote them.</summary>
    public readonly ConnectorStatistics ToStatistics() => new()
    {
        Datagrams = Datagrams,
        Received = Received,
        Dispatched = Dispatched,
        Unrouted = Unrouted,
        Invalid = Invalid,
        Malformed = Malformed,
        Overruns = Overruns,
        SequenceGaps = SequenceGaps,
        Spoofed = Spoofed,
        CallbackErrors = CallbackErrors,
    };

    /// <summary>The counters as another thread sees them while the walk goes on, with <paramref name="sent"/>.</summary>
    public static ConnectorStatistics Snapshot(ref ReceiveCounters live, long sent) => new()
    {
        Datagrams = Volatile.Read(ref live.Datagrams),
        Received = Volatile.Read(ref live.Received),
        Dispatched = Volatile.Read(ref live.Dispatched),
        Unrouted = Volatile.Read(ref live.Unrouted),
        Invalid = Volatile.Read(ref live.Invalid),
        Malformed = Volatile.Read(ref live.Malformed),
        Overruns = Volatile.Read(ref live.Overruns),
        SequenceGaps = Volatile.Read(ref live.SequenceGaps),
        Spoofed = Volatile.Read(ref live.Spoofed),
        CallbackErrors = Volatile.Read(ref live.CallbackErrors),
        Sent = sent,
    };
}
