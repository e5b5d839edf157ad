using System;
using System.Collections.Generic;
using KernelConnector.Testing;
using KernelConnector.Transport;

namespace KernelConnector;

/// <summary>
/// How an endpoint is set up: a socket by <see cref="ConnectorSocket.Open"/>, an in-memory endpoint
/// by <see cref="InMemoryConnector.Open"/>. Named after what it configures (an
/// <see cref="IConnectorEndpoint"/>), since both media take the same options.
/// </summary>
public sealed record ConnectorEndpointOptions
{
    /// <summary>
    /// The receive buffer in bytes, or 0 to keep the system's default. Set with
    /// <c>SO_RCVBUFFORCE</c> when privileged (any size), else <c>SO_RCVBUF</c> (capped by
    /// <c>net.core.rmem_max</c>). A burst larger than the buffer is lost (an overrun).
    /// </summary>
    public int ReceiveBufferSize { get; init; }

    /// <summary>Multicast groups (1 to 32) to join at once.</summary>
    public IReadOnlyList<uint> Groups { get; init; } = [];

    /// <summary>What to do with a message that claims a kernel-owned id but did not come from the kernel.</summary>
    public SpoofingPolicy Spoofing { get; init; } = SpoofingPolicy.Drop;

    /// <summary>What the receive loop does when a callback throws.</summary>
    public CallbackErrorPolicy CallbackErrors { get; init; } = CallbackErrorPolicy.Continue;

    /// <summary>
    /// Whether gaps in senders' sequence numbers are counted as loss: per sender and message id, or
    /// per value of a <see cref="SequenceKeyAttribute"/> field (the CPU, for process events), for the
    /// message types the receive loop's dispatcher handles and the replies requests await. On by
    /// default; <see cref="IConnectorEndpoint.CountSequenceGaps"/> switches it while the endpoint runs.
    /// </summary>
    public bool CountSequenceGaps { get; init; } = true;

    /// <summary>
    /// How long a unicast send may wait for a receiver whose queue is full before it fails with
    /// <see cref="TimeoutException"/>. The kernel blocks such a sender (a multicast never waits:
    /// the kernel drops for the slow reader instead), so without a limit one stuck peer would
    /// stall every sender. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits forever.
    /// </summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a socket's receive loop sleeps after a receive that did not fill its batch, so that
    /// more datagrams queue up for the next one: fewer wake-ups and system calls per message, at
    /// the cost of up to this much latency. Zero (the default) takes each datagram as soon as it
    /// arrives. On a busy stream a millisecond halves the CPU the kernel spends per message
    /// (docs/benchmarks.md, section 7); the queue must hold what arrives meanwhile
    /// (<see cref="ReceiveBufferSize"/>). From 0 to 1 second; sockets only (an in-memory endpoint
    /// delivers at once).
    /// </summary>
    public TimeSpan ReceiveBatchDelay { get; init; }
}
