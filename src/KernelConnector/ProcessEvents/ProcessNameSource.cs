namespace KernelConnector.ProcessEvents;

/// <summary>Where a process's name (<see cref="ProcessRecord.Arguments"/>, <see cref="ProcessRecord.Comm"/>) came from.</summary>
public enum ProcessNameSource
{
    /// <summary>Nothing could be read: the process had exited and been reaped first. Never a guess.</summary>
    Unknown,

    /// <summary>The command line, read from <c>/proc</c> after the exec (or when the process was first seen).</summary>
    CommandLine,

    /// <summary>
    /// Only the command name: the process had no arguments to read (a kernel thread), or was already a
    /// zombie when its exec was handled (a zombie keeps its <c>comm</c> but not its command line).
    /// </summary>
    Comm,

    /// <summary>
    /// The parent's program: the process was forked and has not executed anything yet, so it really
    /// runs a copy of its parent's program.
    /// </summary>
    Inherited,
}
