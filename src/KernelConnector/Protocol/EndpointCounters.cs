using System.Threading;

namespace KernelConnector.Protocol;

/// <summary>An endpoint's counters: written by its receive loop and senders, read by statistics and metrics.</summary>
internal sealed class EndpointCounters(uint portId)
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
    public long Sent;

    public uint PortId { get; } = portId;

    public ConnectorStatistics Snapshot() => new(
        Interlocked.Read(ref Datagrams),
        Interlocked.Read(ref Received),
        Interlocked.Read(ref Dispatched),
        Interlocked.Read(ref Unrouted),
        Interlocked.Read(ref Invalid),
        Interlocked.Read(ref Malformed),
        Interlocked.Read(ref Overruns),
        Interlocked.Read(ref SequenceGaps),
        Interlocked.Read(ref Spoofed),
        Interlocked.Read(ref CallbackErrors),
        Interlocked.Read(ref Sent));
}
