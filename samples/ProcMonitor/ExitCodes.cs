namespace ProcMonitor;

/// <summary>
/// One exit code per class of failure, so that scripts can tell them apart. Every failure is
/// also one line on stderr, starting with <c>procmonitor:</c>.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Ran and stopped as asked (Ctrl+C, SIGTERM, --duration).</summary>
    public const int Success = 0;

    /// <summary>The receive loop failed while running, the output could not be written (a full disk, an I/O error; not a reader that is gone), or an unexpected internal error.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong: unknown option, bad value, unknown event name or pid.</summary>
    public const int Usage = 2;

    /// <summary>Process events are not available here: no connector, no cn_proc, or not the initial network, pid or user namespace.</summary>
    public const int Unavailable = 3;

    /// <summary>Not allowed: listening needs privilege on this kernel, or real-time scheduling or an explicit priority boost was refused.</summary>
    public const int PermissionDenied = 4;
}
