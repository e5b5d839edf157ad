using System;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// <c>enum what</c> of <c>struct proc_event</c> (and <c>enum proc_cn_event</c> of Linux 6.6+):
/// successive bits, so a value can also name a set of kinds, as the kernel's event filter does.
/// </summary>
[Flags]
public enum ProcEventKind : uint
{
    /// <summary><c>PROC_EVENT_NONE</c>: the acknowledgement of a listen or ignore request.</summary>
    None = 0x00000000,

    /// <summary><c>PROC_EVENT_FORK</c>: a process or thread was created.</summary>
    Fork = 0x00000001,

    /// <summary><c>PROC_EVENT_EXEC</c>: a process executed a new program.</summary>
    Exec = 0x00000002,

    /// <summary><c>PROC_EVENT_UID</c>: real or effective user id changed.</summary>
    Uid = 0x00000004,

    /// <summary><c>PROC_EVENT_GID</c>: real or effective group id changed.</summary>
    Gid = 0x00000040,

    /// <summary><c>PROC_EVENT_SID</c>: a new session was started.</summary>
    Sid = 0x00000080,

    /// <summary><c>PROC_EVENT_PTRACE</c>: a tracer attached or detached.</summary>
    Ptrace = 0x00000100,

    /// <summary><c>PROC_EVENT_COMM</c>: the command name (<c>comm</c>) changed.</summary>
    Comm = 0x00000200,

    /// <summary>
    /// <c>PROC_EVENT_NONZERO_EXIT</c> (filter only, Linux 6.6+): with <see cref="Exit"/> in a filter,
    /// deliver only exits with a nonzero wait status (<see cref="ProcExitEvent.WaitStatus"/>: a failure or a signal).
    /// </summary>
    NonzeroExit = 0x20000000,

    /// <summary><c>PROC_EVENT_COREDUMP</c>: a process is dumping core.</summary>
    Coredump = 0x40000000,

    /// <summary><c>PROC_EVENT_EXIT</c>: a process or thread exited.</summary>
    Exit = 0x80000000,

    /// <summary><c>PROC_EVENT_ALL</c>: every kind, the filter of a plain listen request.</summary>
    All = Fork | Exec | Uid | Gid | Sid | Ptrace | Comm | NonzeroExit | Coredump | Exit,
}
