namespace Ucon;

/// <summary>
/// One exit code per outcome, so that scripts can tell them apart. Every refusal is also one line
/// on stderr, starting with <c>ucon:</c>, and never a stack trace.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Every request was answered (ask), or the server stopped as asked (serve).</summary>
    public const int Success = 0;

    /// <summary>ask: at least one request got no reply within --timeout; serve: at least one reply could not be sent.</summary>
    public const int NoReply = 1;

    /// <summary>The command line was wrong: unknown command or option, bad value, group out of 1..32, text too long.</summary>
    public const int Usage = 2;

    /// <summary>The kernel connector is not available here (not Linux, no connector, another socket error).</summary>
    public const int Unavailable = 3;

    /// <summary>
    /// Not allowed: sending to a group or another socket (or joining a group) needs root or
    /// CAP_NET_ADMIN; serve refuses a group it could join but not reply from.
    /// </summary>
    public const int PermissionDenied = 4;

    /// <summary>ask --port: no socket is bound to that port id.</summary>
    public const int NoSuchPort = 5;

    /// <summary>An unexpected internal error.</summary>
    public const int Failure = 6;
}
