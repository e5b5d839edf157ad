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
