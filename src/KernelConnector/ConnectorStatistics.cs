namespace KernelConnector;

/// <summary>
/// A snapshot of what an endpoint has received and lost. The same figures are published through
/// <c>System.Diagnostics.Metrics</c> under the meter <c>KernelConnector</c>.
/// </summary>
/// <param name="Datagrams">Datagrams received.</param>
/// <param name="Received">Connector messages found in them.</param>
/// <param name="Dispatched">Messages handed to a callback (including replies handed to a waiting request).</param>
/// <param name="Unrouted">Messages for an id nobody handles.</param>
/// <param name="Invalid">Messages whose payload failed their type's validation.</param>
/// <param name="Malformed">Netlink or connector headers that did not match the bytes received.</param>
/// <param name="Overruns">Receive-queue overruns (<c>ENOBUFS</c>): some messages were dropped by the kernel.</param>
/// <param name="SequenceGaps">Messages missing from a sender's (or CPU's) sequence.</param>
/// <param name="Spoofed">Messages with a kernel-owned id that did not come from the kernel, dropped.</param>
/// <param name="CallbackErrors">Exceptions thrown by callbacks, caught and reported.</param>
/// <param name="Sent">Messages sent.</param>
public sealed record ConnectorStatistics(
    long Datagrams,
    long Received,
    long Dispatched,
    long Unrouted,
    long Invalid,
    long Malformed,
    long Overruns,
    long SequenceGaps,
    long Spoofed,
    long CallbackErrors,
    long Sent);
