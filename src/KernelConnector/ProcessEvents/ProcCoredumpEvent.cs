using System.Runtime.InteropServices;

namespace KernelConnector.ProcessEvents;

/// <summary><c>struct coredump_proc_event</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ProcCoredumpEvent
{
    /// <summary><c>process_pid</c>.</summary>
    public int ProcessPid;

    /// <summary><c>process_tgid</c>.</summary>
    public int ProcessTgid;

    /// <summary><c>parent_pid</c>.</summary>
    public int ParentPid;

    /// <summary><c>parent_tgid</c>.</summary>
    public int ParentTgid;
}
