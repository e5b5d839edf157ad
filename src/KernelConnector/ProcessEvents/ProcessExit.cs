namespace KernelConnector.ProcessEvents;

/// <summary>How a process ended, from its exit event, or unknown when it vanished while events were lost.</summary>
public sealed record ProcessExit
{
    /// <summary>
    /// The raw wait status the kernel reported (<see cref="ProcExitEvent.WaitStatus"/>:
    /// <c>exit status &lt;&lt; 8 | core bit | signal</c>, 768 for exit 3); 0 when unknown.
    /// </summary>
    public uint WaitStatus { get; init; }

    /// <summary>The exit status a shell would show (<c>WEXITSTATUS</c>) when the process exited normally.</summary>
    public int ExitStatus => WaitStatusBits.ExitStatus(WaitStatus);

    /// <summary>The signal that killed the process (<c>WTERMSIG</c>), or 0 when it exited normally.</summary>
    public int TerminationSignal => WaitStatusBits.TerminationSignal(WaitStatus);

    /// <summary>Whether the process dumped core (<c>WCOREDUMP</c>).</summary>
    public bool CoreDumped => WaitStatusBits.CoreDumped(WaitStatus);

    /// <summary>When it exited (<c>CLOCK_MONOTONIC</c> nanoseconds, as event stamps), or when its absence was noticed.</summary>
    public ulong TimestampNs { get; init; }

    /// <summary>
    /// False when the exit was not seen: the process was gone from <c>/proc</c> when the table
    /// resynchronised after a loss of events. Its status and exact time are then unknown.
    /// </summary>
    public bool IsKnown { get; init; } = true;
}
