using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace KernelConnector.ProcessEvents;

/// <summary>A live process as <c>/proc</c> shows it.</summary>
/// <param name="Pid">The process id (thread-group id).</param>
/// <param name="ParentPid">The parent's process id.</param>
/// <param name="Comm">The command name (<c>comm</c>, at most 15 characters).</param>
/// <param name="CommandLine">The arguments joined by spaces; empty for kernel threads and zombies.</param>
/// <param name="StartTicks">When the process started, in clock ticks since boot (<c>/proc/PID/stat</c> field 22).</param>
public sealed record ProcessInfo(int Pid, int ParentPid, string Comm, string CommandLine, ulong StartTicks);

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
        foreach (var dir in Directory.EnumerateDirectories(procRoot))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && TryRead(pid, procRoot) is { } info)
            {
                processes.Add(info);
            }
        }

        processes.Sort((a, b) => a.Pid.CompareTo(b.Pid));
        return processes;
    }

    /// <summary>Reads one process; <see langword="null"/> when it does not exist (any more).</summary>
    public static ProcessInfo? TryRead(int pid, string procRoot = "/proc")
    {
        var dir = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
        if (!Directory.Exists(dir))
        {
            return null;
        }

        try
        {
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            if (!TryParseStat(stat, out var comm, out var ppid, out var start))
            {
                return null;
            }

            return new ProcessInfo(pid, ppid, comm, ReadCommandLine(dir), start);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reads a process's command line, arguments joined by spaces; empty when it has none or is gone.</summary>
    public static string ReadCommandLine(int pid, string procRoot = "/proc")
    {
        try
        {
            return ReadCommandLine(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static unsafe string ReadCommandLine(string dir)
    {
        // Monitors call this for every exec of a storm, and the process has often exited by then:
        // libc's open answers that with -1, where a .NET file API would throw (tens of
        // microseconds each). One read into the stack; command lines are cut at 4 KiB.
        var fd = Transport.Native.Open(Path.Combine(dir, "cmdline"), 0x80000 /* O_RDONLY | O_CLOEXEC */);
        if (fd < 0)
        {
            return "";
        }

        Span<byte> bytes = stackalloc byte[4096];
        nint length;
        fixed (byte* data = bytes)
        {
            length = Transport.Native.Read(fd, data, (nuint)bytes.Length);
        }

        Transport.Native.Close(fd);
        var end = (int)Math.Max(0, length);
        while (end > 0 && bytes[end - 1] == 0)
        {
            end--;
        }

        return Encoding.UTF8.GetString(bytes[..end]).Replace('\0', ' ');
    }

    /// <summary>
    /// Parses <c>/proc/PID/stat</c>. The command name sits in parentheses and may itself contain
    /// spaces and parentheses, so the fields are counted from the last ')'.
    /// </summary>
    internal static bool TryParseStat(string stat, out string comm, out int parentPid, out ulong startTicks)
    {
        comm = "";
        parentPid = 0;
        startTicks = 0;
        var open = stat.IndexOf('(');
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return false;
        }

        comm = stat.Substring(open + 1, close - open - 1);
        var fields = stat.Substring(close + 1).Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // fields[0] is field 3 (state), so field N is fields[N - 3].
        return fields.Length > 19
            && int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out parentPid)
            && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out startTicks);
    }
}
