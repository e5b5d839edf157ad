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

    /// <summary><c>exit_code</c>: the wait status (<c>exit status &lt;&lt; 8 | signal</c>).</summary>
    public uint ExitCode;

    /// <summary><c>exit_signal</c>: the signal the parent is sent (SIGCHLD for a process, -1 as u32 for a thread).</summary>
    public uint ExitSignal;

    /// <summary><c>parent_pid</c>.</summary>
    public int ParentPid;

    /// <summary><c>parent_tgid</c>.</summary>
    public int ParentTgid;

    /// <summary>The exit status a shell would show (<c>WEXITSTATUS</c>), when the process exited normally.</summary>
    public readonly int ExitStatus => (int)((ExitCode >> 8) & 0xFF);

    /// <summary>The signal that killed the process (<c>WTERMSIG</c>), or 0 when it exited normally.</summary>
    public readonly int TerminationSignal => (int)(ExitCode & 0x7F);

    /// <summary>Whether the process dumped core (<c>WCOREDUMP</c>).</summary>
    public readonly bool CoreDumped => (ExitCode & 0x80) != 0;
}
