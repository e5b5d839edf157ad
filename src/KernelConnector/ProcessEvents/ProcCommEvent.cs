using System.Runtime.InteropServices;

namespace KernelConnector.ProcessEvents;

/// <summary><c>struct comm_proc_event</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ProcCommEvent
{
    /// <summary><c>process_pid</c>.</summary>
    public int ProcessPid;

    /// <summary><c>process_tgid</c>.</summary>
    public int ProcessTgid;

    /// <summary><c>comm[16]</c>: the new command name, NUL-terminated unless 16 bytes long.</summary>
    public ProcCommName Comm;
}
