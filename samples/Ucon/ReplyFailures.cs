using System;
using System.Collections.Generic;
using System.IO;
using KernelConnector;

namespace Ucon;

/// <summary>
/// Replies the server could not send. The first failure of each kind (the same errno, or a full
/// receive queue) is one line on stderr; the rest are counted, so that a requester that keeps
/// asking cannot flood the terminal, and the count is said when the server stops.
/// </summary>
internal sealed class ReplyFailures(TextWriter error)
{
    private readonly HashSet<string> _kindsSaid = [];

    public int Count { get; private set; }

    /// <summary>Whether <paramref name="exception"/> is a reply the kernel (or the requester's queue) refused, rather than a bug.</summary>
    public static bool IsSendFailure(Exception exception) => exception is ConnectorUnavailableException or TimeoutException;

    public void Add(uint requestNumber, uint requesterPort, Exception exception)
    {
        Count++;
        var kind = exception is ConnectorUnavailableException unavailable ? $"errno {unavailable.ErrorCode}" : exception.GetType().Name;
        if (_kindsSaid.Add(kind))
        {
            error.WriteLine($"ucon: could not reply to request #{requestNumber} from port {requesterPort}: {exception.Message.ReplaceLineEndings(" ")} (further failures like this are counted, not shown)");
        }
    }
}
