using System;

namespace ProcMonitor;

/// <summary>
/// What a line reports. Finer than the kernel's kinds: a fork event is a new process or a new
/// thread (clone), an exit event is a process's or a thread's (thrdex).
/// </summary>
[Flags]
internal enum EventClass
{
    None = 0,
    Fork = 1 << 0,
    Clone = 1 << 1,
    Exec = 1 << 2,
    Exit = 1 << 3,
    ThreadExit = 1 << 4,
    Uid = 1 << 5,
    Gid = 1 << 6,
    Sid = 1 << 7,
    Ptrace = 1 << 8,
    Comm = 1 << 9,
    Core = 1 << 10,

    /// <summary>Only process exits with a nonzero status or a signal.</summary>
    Fail = 1 << 11,

    /// <summary>A kind this version does not know (a newer kernel's).</summary>
    Unknown = 1 << 12,

    All = Fork | Clone | Exec | Exit | ThreadExit | Uid | Gid | Sid | Ptrace | Comm | Core | Unknown,
}
