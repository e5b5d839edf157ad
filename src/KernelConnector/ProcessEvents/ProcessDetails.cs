using System;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// What the table reads from <c>/proc</c> when a process is created, executes or is seeded. Each
/// costs a file read per exec; leave out what you do not need on machines with exec storms.
/// </summary>
[Flags]
public enum ProcessDetails
{
    /// <summary>Only what events say (pids, parent, exit status, ids) and the command name.</summary>
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

    /// <summary>Everything.</summary>
    All = Arguments | Executable | Credentials | Cgroup | UserNames,
}
