namespace KernelConnector;

/// <summary>
/// What became of received datagrams and their messages, and what was sent: an endpoint's totals
/// (<see cref="IConnectorEndpoint.Statistics"/>, also published through
/// <c>System.Diagnostics.Metrics</c> under the meter <c>KernelConnector</c>), or one datagram's
/// outcome (<see cref="ConnectorRouter.Dispatch(System.ReadOnlySpan{byte}, uint)"/> and a generated
/// handler class's <c>Dispatch</c>). Every message is counted once, by whoever walked its datagram.
/// </summary>
/// <remarks>
/// Properties, not positional parameters: a counter added later does not break code that reads or
/// builds these. Add two with <c>+</c> to total the outcomes of several datagrams.
/// </remarks>
public readonly record struct ConnectorStatistics
{
    /// <summary>Datagrams received (a truncated one included).</summary>
    public long Datagrams { get; init; }

    /// <summary>Connector messages found in them.</summary>
    public long Received { get; init; }

    /// <summary>Messages handed to a callback, including replies handed to a waiting request.</summary>
    public long Dispatched { get; init; }

    /// <summary>Messages for an id nobody handles.</summary>
    public long Unrouted { get; init; }

    /// <summary>Messages whose payload failed their type's validation (size, <c>bool</c> or closed-enum values).</summary>
    public long Invalid { get; init; }

    /// <summary>Netlink or connector headers that did not match the bytes received, and truncated datagrams.</summary>
    public long Malformed { get; init; }

    /// <summary>Receive-queue overruns (<c>ENOBUFS</c>, or an <c>NLMSG_OVERRUN</c> message): an unknown number of messages were dropped.</summary>
    public long Overruns { get; init; }

    /// <summary>Messages missing from a sender's (or, for a <see cref="SequenceKeyAttribute"/> type, a key's) sequence.</summary>
    public long SequenceGaps { get; init; }

    /// <summary>Messages with a kernel-owned id that did not come from the kernel, dropped.</summary>
    public long Spoofed { get; init; }

    /// <summary>Exceptions thrown by callbacks, caught and reported.</summary>
    public long CallbackErrors { get; init; }

    /// <summary>Messages sent.</summary>
    public long Sent { get; init; }

    /// <summary>The sum of two sets of counters.</summary>
    public static ConnectorStatistics operator +(ConnectorStatistics left, ConnectorStatistics right) => new()
    {
        Datagrams = left.Datagrams + right.Datagrams,
        Received = left.Received + right.Received,
        Dispatched = left.Dispatched + right.Dispatched,
        Unrouted = left.Unrouted + right.Unrouted,
        Invalid = left.Invalid + right.Invalid,
        Malformed = left.Malformed + right.Malformed,
        Overruns = left.Overruns + right.Overruns,
        SequenceGaps = left.SequenceGaps + right.SequenceGaps,
        Spoofed = left.Spoofed + right.Spoofed,
        CallbackErrors = left.CallbackErrors + right.CallbackErrors,
        Sent = left.Sent + right.Sent,
    };
}
