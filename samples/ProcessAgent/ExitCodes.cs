namespace ProcessAgent;

/// <summary>
/// One exit code per class of failure, so that systemd (and whoever reads its journal) can tell
/// them apart. Every failure is also one line on stderr, starting with <c>processagent:</c>.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Stopped as asked (SIGTERM from systemd, Ctrl+C).</summary>
    public const int Success = 0;

    /// <summary>The receive loop failed while running, or an unexpected error.</summary>
    public const int Failure = 1;

    /// <summary>Bad configuration or command line: an unknown key or option, a value that cannot work.</summary>
    public const int Configuration = 2;

    /// <summary>Process events are not available here: no connector or cn_proc, or not the initial network namespace.</summary>
    public const int Unavailable = 3;

    /// <summary>Not permitted: listening needs CAP_NET_ADMIN on this kernel, or the port needs privilege.</summary>
    public const int PermissionDenied = 4;

    /// <summary>The metrics endpoint cannot listen: the port is in use, or the address is not this host's.</summary>
    public const int EndpointUnavailable = 5;
}
