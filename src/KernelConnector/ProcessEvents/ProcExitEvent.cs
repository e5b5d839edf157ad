using System.Runtime.InteropServices;

namespace KernelConnector.ProcessEvents;

/// <summary><c>struct exit_proc_event</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ProcExitEvent
{
    /// <summary><c>process_pid</c>.</summary>
    public int ProcessPid;

    /// <summary><c>process_tgid</c>.</summary>
    public int ProcessTgid;

    /// <summary>
    /// <c>exit_code</c>: the raw wait status (<c>exit status &lt;&lt; 8 | core bit | signal</c>), not the
    /// exit status a shell shows: a program that exits with 3 reports 768. Read
    /// <see cref="ExitStatus"/>, <see cref="TerminationSignal"/> and <see cref="CoreDumped"/> for its parts.
    /// </summary>
    /// <remarks>
    /// Named after what it holds rather than after the C field, whose name has misled readers into
    /// taking 768 for the program's exit code; <see cref="ProcessExit.WaitStatus"/> holds the same value.
    /// </remarks>
    public uint WaitStatus;

    /// <summary><c>exit_signal</c>: the signal the parent is sent (SIGCHLD for a process, -1 as u32 for a thread).</summary>
    public uint ExitSignal;

    /// <summary><c>parent_pid</c>.</summary>
    public int ParentPid;

    /// <summary><c>parent_tgid</c>.</summary>
    public int ParentTgid;

    /// <summary>The exit status a shell would show (<c>WEXITSTATUS</c>), when the process exited normally.</summary>
    public readonly int ExitStatus => WaitStatusBits.ExitStatus(WaitStatus);

    /// <summary>The signal that killed the process (<c>WTERMSIG</c>), or 0 when it exited normally.</summary>
    public readonly int TerminationSignal => WaitStatusBits.TerminationSignal(WaitStatus);

    /// <summary>Whether the process dumped core (<c>WCOREDUMP</c>).</summary>
    public readonly bool CoreDumped => WaitStatusBits.CoreDumped(WaitStatus);
}
