using System.Runtime.InteropServices;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// <c>struct proc_event</c> of <c>&lt;linux/cn_proc.h&gt;</c>: 40 bytes, a header and a union with
/// one arm per <see cref="What"/>. Read <see cref="What"/> before an arm; the other arms overlay
/// the same bytes.
/// </summary>
// A newer kernel may append fields to proc_event; tolerate them rather than drop every event.
[ConnectorMessage(1, 1, Direction = ConnectorDirection.ReceiveOnly, MaxTrailingBytes = 64)]
[StructLayout(LayoutKind.Explicit, Size = 40)]
public partial struct ProcEvent
{
    /// <summary><c>what</c>: the kind of event, and so which arm is valid.</summary>
    [FieldOffset(0)]
    public ProcEventKind What;

    /// <summary>
    /// <c>cpu</c>: the CPU that sent the event. The kernel numbers events per CPU, so sequence
    /// gaps are counted per value of this field.
    /// </summary>
    [FieldOffset(4)]
    [SequenceKey]
    public uint Cpu;

    /// <summary><c>timestamp_ns</c>: nanoseconds since boot.</summary>
    [FieldOffset(8)]
    public ulong TimestampNs;

    /// <summary><c>event_data.ack</c>, for <see cref="ProcEventKind.None"/>.</summary>
    [FieldOffset(16)]
    public ProcAckEvent Ack;

    /// <summary><c>event_data.fork</c>.</summary>
    [FieldOffset(16)]
    public ProcForkEvent Fork;

    /// <summary><c>event_data.exec</c>.</summary>
    [FieldOffset(16)]
    public ProcExecEvent Exec;

    /// <summary><c>event_data.id</c>, for <see cref="ProcEventKind.Uid"/> and <see cref="ProcEventKind.Gid"/>.</summary>
    [FieldOffset(16)]
    public ProcIdEvent IdChange;

    /// <summary><c>event_data.sid</c>.</summary>
    [FieldOffset(16)]
    public ProcSidEvent Sid;

    /// <summary><c>event_data.ptrace</c>.</summary>
    [FieldOffset(16)]
    public ProcPtraceEvent Ptrace;

    /// <summary><c>event_data.comm</c>.</summary>
    [FieldOffset(16)]
    public ProcCommEvent Comm;

    /// <summary><c>event_data.coredump</c>.</summary>
    [FieldOffset(16)]
    public ProcCoredumpEvent Coredump;

    /// <summary><c>event_data.exit</c>.</summary>
    [FieldOffset(16)]
    public ProcExitEvent Exit;

    /// <summary>The process the event is about (the child of a fork).</summary>
    public readonly int ProcessId => What switch
    {
        ProcEventKind.Fork => Fork.ChildPid,
        ProcEventKind.None => 0,
        _ => Exec.ProcessPid, // every other arm starts with process_pid, process_tgid
    };

    /// <summary>The thread-group id (the process id a user sees) the event is about.</summary>
    public readonly int ThreadGroupId => What switch
    {
        ProcEventKind.Fork => Fork.ChildTgid,
        ProcEventKind.None => 0,
        _ => Exec.ProcessTgid,
    };
}

/// <summary><c>event_data.ack</c>: the answer to a listen or ignore request.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ProcAckEvent
{
    /// <summary><c>err</c>: 0, or the errno the kernel refused the request with.</summary>
    public uint Err;
}

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

/// <summary><c>struct exec_proc_event</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ProcExecEvent
{
    /// <summary><c>process_pid</c>.</summary>
    public int ProcessPid;

    /// <summary><c>process_tgid</c>.</summary>
    public int ProcessTgid;
}

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

/// <summary><c>struct sid_proc_event</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ProcSidEvent
{
    /// <summary><c>process_pid</c>.</summary>
    public int ProcessPid;

    /// <summary><c>process_tgid</c>.</summary>
    public int ProcessTgid;
}

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
