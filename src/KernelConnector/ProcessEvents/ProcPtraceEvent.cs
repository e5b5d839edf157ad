using System.Runtime.InteropServices;

namespace KernelConnector.ProcessEvents;

/// <summary><c>struct ptrace_proc_event</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ProcPtraceEvent
{
    /// <summary><c>process_pid</c>.</summary>
    public int ProcessPid;

    /// <summary><c>process_tgid</c>.</summary>
    public int ProcessTgid;

    /// <summary><c>tracer_pid</c>; 0 on detach.</summary>
    public int TracerPid;

    /// <summary><c>tracer_tgid</c>; 0 on detach.</summary>
    public int TracerTgid;
}
