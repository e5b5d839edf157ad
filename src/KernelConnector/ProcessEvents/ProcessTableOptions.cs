namespace KernelConnector.ProcessEvents;

/// <summary>How a <see cref="ProcessTable"/> reads and how much it keeps.</summary>
public sealed record ProcessTableOptions
{
    /// <summary>What to read from <c>/proc</c> for each process.</summary>
    public ProcessDetails Details { get; init; } = ProcessDetails.All;

    /// <summary>
    /// How many exited processes stay queryable after their exit, oldest forgotten first: long
    /// enough for exit lines and late consumers, bounded so that a process churn keeps memory flat.
    /// </summary>
    public int RetainExited { get; init; } = 4096;

    /// <summary>Where <c>proc</c> is mounted (tests point it elsewhere).</summary>
    public string ProcRoot { get; init; } = "/proc";
}
