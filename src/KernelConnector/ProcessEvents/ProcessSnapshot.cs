using System.Collections.Generic;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// The live processes, read from <c>/proc</c>: what a monitor resynchronises with after it lost
/// events, as production monitors do after an overrun.
/// </summary>
public static class ProcessSnapshot
{
    /// <summary>Reads every process under <paramref name="procRoot"/> (default <c>/proc</c>). Processes that exit meanwhile are skipped.</summary>
    public static IReadOnlyList<ProcessInfo> Capture(string procRoot = "/proc")
    {
        var processes = new List<ProcessInfo>();
        foreach (var pid in ProcFs.ListPids(procRoot))
        {
            if (TryRead(pid, procRoot) is { } info)
            {
                processes.Add(info);
            }
        }

        return processes;
    }

    /// <summary>Reads one process; <see langword="null"/> when it does not exist (any more).</summary>
    public static ProcessInfo? TryRead(int pid, string procRoot = "/proc") =>
        ProcFs.TryReadStat(procRoot, pid, out var stat)
            ? new ProcessInfo(pid, stat.ParentPid, stat.Comm, ReadCommandLine(pid, procRoot), stat.StartTicks)
            : null;

    /// <summary>Reads a process's command line (cut at 4 KiB), arguments joined by spaces; empty when it has none or is gone.</summary>
    public static string ReadCommandLine(int pid, string procRoot = "/proc") =>
        ProcFs.ReadArguments(procRoot, pid) is { Length: > 0 } arguments ? string.Join(' ', arguments) : "";

    /// <summary>
    /// Parses <c>/proc/PID/stat</c>. The command name sits in parentheses and may itself contain
    /// spaces and parentheses, so the fields are counted from the last ')'.
    /// </summary>
    internal static bool TryParseStat(string stat, out string comm, out int parentPid, out ulong startTicks)
    {
        var parsed = ProcFs.TryParseStat(System.Text.Encoding.UTF8.GetBytes(stat), out var fields);
        (comm, parentPid, startTicks) = parsed ? (fields.Comm, fields.ParentPid, fields.StartTicks) : ("", 0, 0UL);
        return parsed;
    }
}
