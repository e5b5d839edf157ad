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
