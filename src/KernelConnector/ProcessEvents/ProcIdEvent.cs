using System.Runtime.InteropServices;

namespace KernelConnector.ProcessEvents;

/// <summary><c>struct id_proc_event</c>: uid or gid change (the unions <c>r</c> and <c>e</c> hold uids or gids).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ProcIdEvent
{
    /// <summary><c>process_pid</c>.</summary>
    public int ProcessPid;

    /// <summary><c>process_tgid</c>.</summary>
    public int ProcessTgid;

    /// <summary><c>r.ruid</c> or <c>r.rgid</c>: the real id.</summary>
    public uint Real;

    /// <summary><c>e.euid</c> or <c>e.egid</c>: the effective id.</summary>
    public uint Effective;
}
