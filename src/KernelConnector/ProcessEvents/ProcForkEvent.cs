using System.Runtime.InteropServices;

namespace KernelConnector.ProcessEvents;

/// <summary><c>struct fork_proc_event</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ProcForkEvent
{
    /// <summary><c>parent_pid</c>.</summary>
    public int ParentPid;

    /// <summary><c>parent_tgid</c>.</summary>
    public int ParentTgid;

    /// <summary><c>child_pid</c>.</summary>
    public int ChildPid;

    /// <summary><c>child_tgid</c>; equal to <see cref="ChildPid"/> for a new process, not for a new thread.</summary>
    public int ChildTgid;
}
