namespace W1List;

/// <summary>
/// One exit code per outcome, so that scripts can tell them apart. Every refusal is also one line
/// on stderr, starting with <c>w1list:</c>, and never a stack trace.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The masters and their slaves were listed.</summary>
    public const int Success = 0;

    /// <summary>The w1 connector refused a request (a master went away while listing, …).</summary>
    public const int Refused = 1;

    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;

    /// <summary>No 1-Wire bus here: the kernel has no w1 connector (no w1 driver, or one built without netlink), or it has no bus master.</summary>
    public const int NoBus = 3;

    /// <summary>Not allowed to open the connector socket.</summary>
    public const int PermissionDenied = 4;

    /// <summary>The w1 connector did not answer in time.</summary>
    public const int NoAnswer = 5;

    /// <summary>An unexpected internal error.</summary>
    public const int Failure = 6;
}
