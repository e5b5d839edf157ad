using System.Threading;

namespace KernelConnector.Protocol;

/// <summary>
/// An endpoint's counters: what its receive walk counts (one writer, the receive loop) and what
/// its senders count (any thread, atomically). Read by statistics and metrics.
/// </summary>
internal sealed class EndpointCounters(uint portId)
{
    public ReceiveCounters Receive;

    public long Sent;

    public uint PortId { get; } = portId;

    public ConnectorStatistics Snapshot() => ReceiveCounters.Snapshot(ref Receive, Interlocked.Read(ref Sent));
}
