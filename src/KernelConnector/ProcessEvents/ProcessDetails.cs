using System;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// What the table reads from <c>/proc</c> when a process is created, executes or is seeded. Each
/// costs a file read per exec; leave out what you do not need on machines with exec storms.
/// </summary>
[Flags]
public enum ProcessDetails
{
    /// <summary>
    /// Only what events say (pids, parent, exit status, ids) and, for lack of a command line, the
    /// command name (<c>comm</c>, from <c>/proc/&lt;pid&gt;/stat</c>).
    /// </summary>
    None = 0,

    /// <summary>The argument vector (<c>/proc/&lt;pid&gt;/cmdline</c>).</summary>
    Arguments = 1,

    /// <summary>The executable's path (<c>/proc/&lt;pid&gt;/exe</c>).</summary>
    Executable = 2,

    /// <summary>Uid, gid and pid-namespace ids (<c>/proc/&lt;pid&gt;/status</c>, <c>ns/pid</c>).</summary>
    Credentials = 4,

    /// <summary>The cgroup path and the container id derived from it (<c>/proc/&lt;pid&gt;/cgroup</c>).</summary>
    Cgroup = 8,

    /// <summary>User and group names for the ids, from the system's user database (cached).</summary>
    UserNames = 16,

    /// <summary>
    /// The command name (<c>/proc/&lt;pid&gt;/comm</c>) of a process whose command line was read, read
    /// with it: a second file per exec, and on an exec storm the dearest detail after the command
    /// line. Without it such a process's <see cref="ProcessRecord.Comm"/> is empty after its exec;
    /// a process without a readable command line (a kernel thread, a zombie) is still named by its
    /// comm, and the comm is still kept wherever it costs no read (the first scan of <c>/proc</c>,
    /// comm-change events).
    /// </summary>
    CommandName = 32,

    /// <summary>Everything.</summary>
    All = Arguments | Executable | Credentials | Cgroup | UserNames | CommandName,
}
