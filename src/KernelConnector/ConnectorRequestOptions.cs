using System;

namespace KernelConnector;

/// <summary>How a request's reply is recognised and how long it is awaited.</summary>
public sealed record ConnectorRequestOptions
{
    /// <summary>The default: 5 seconds, reply matched on seq and ack + 1.</summary>
    public static ConnectorRequestOptions Default { get; } = new();

    /// <summary>How long to wait for the reply before <see cref="TimeoutException"/>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Which header fields identify the reply.</summary>
    public ReplyMatch Match { get; init; } = ReplyMatch.SeqAndAck;
}

/// <summary>How a reply is recognised.</summary>
public enum ReplyMatch
{
    /// <summary>The connector protocol: the reply's seq equals the request's, and its ack is the request's ack + 1.</summary>
    SeqAndAck,

    /// <summary>Only the ack (request's ack + 1): the kernel's process-event connector overwrites seq in its acknowledgement.</summary>
    AckOnly,
}
