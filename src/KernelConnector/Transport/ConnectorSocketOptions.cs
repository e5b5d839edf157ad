using System;
using System.Collections.Generic;

namespace KernelConnector;

/// <summary>How <see cref="ConnectorSocket.Open"/> sets up a socket (and <see cref="InMemoryConnector.Open"/> an in-memory endpoint).</summary>
public sealed record ConnectorSocketOptions
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
}

/// <summary>What to do with messages that claim a kernel-owned id from a userspace port.</summary>
public enum SpoofingPolicy
{
    /// <summary>Drop and count them (<see cref="ConnectorStatistics.Spoofed"/>): only the kernel may speak for its own ids.</summary>
    Drop,

    /// <summary>Deliver them like any other message.</summary>
    Allow,
}

/// <summary>What the receive loop does when a callback throws.</summary>
public enum CallbackErrorPolicy
{
    /// <summary>Count and report the exception (<see cref="IConnectorEndpoint.CallbackError"/>) and go on.</summary>
    Continue,

    /// <summary>Report it, then end the receive loop with it.</summary>
    Stop,
}
