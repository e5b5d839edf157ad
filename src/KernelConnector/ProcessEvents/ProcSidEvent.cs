using System.Runtime.InteropServices;

namespace KernelConnector.ProcessEvents;

/// <summary><c>struct sid_proc_event</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ProcSidEvent
{
    /// <summary><c>process_pid</c>.</summary>
    public int ProcessPid;

    /// <summary><c>process_tgid</c>.</summary>
    public int ProcessTgid;
}
