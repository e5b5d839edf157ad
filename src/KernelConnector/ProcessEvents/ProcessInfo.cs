namespace KernelConnector.ProcessEvents;

/// <summary>A live process as <c>/proc</c> shows it.</summary>
/// <param name="Pid">The process id (thread-group id).</param>
/// <param name="ParentPid">The parent's process id.</param>
/// <param name="Comm">The command name (<c>comm</c>, at most 15 characters).</param>
/// <param name="CommandLine">The arguments joined by spaces; empty for kernel threads and zombies.</param>
/// <param name="StartTicks">When the process started, in clock ticks since boot (<c>/proc/PID/stat</c> field 22).</param>
public sealed record ProcessInfo(int Pid, int ParentPid, string Comm, string CommandLine, ulong StartTicks);
