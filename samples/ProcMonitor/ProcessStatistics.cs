using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace ProcMonitor;

/// <summary>Events per process name, for the table printed at the end with -S (like forkstat's).</summary>
internal sealed class ProcessStatistics
{
    private static readonly (EventClass Class, string Header)[] Columns =
    [
        (EventClass.Fork, "Fork"), (EventClass.Clone, "Clone"), (EventClass.Exec, "Exec"), (EventClass.Exit, "Exit"),
        (EventClass.ThreadExit, "Thrdex"), (EventClass.Uid, "Uid"), (EventClass.Gid, "Gid"), (EventClass.Sid, "Sid"),
        (EventClass.Ptrace, "Ptrace"), (EventClass.Comm, "Comm"), (EventClass.Core, "Core"),
    ];

    // What exec gives comm: the program file's name, cut to TASK_COMM_LEN - 1 bytes.
    private const int CommLength = 15;

    private readonly Dictionary<string, long[]> _byName = new(StringComparer.Ordinal);

    /// <summary>
    /// The name a process is counted under: its <c>comm</c>; when that could not be read (the
    /// process was reaped between the command line's read and comm's) but the command line was,
    /// the file name of its first argument as comm would have it, so that a line that names the
    /// program is not counted under <c>&lt;unknown&gt;</c>; else <c>&lt;unknown&gt;</c>.
    /// </summary>
    public static string NameOf(KernelConnector.ProcessEvents.ProcessRecord? process)
    {
        if (process is null)
        {
            return KernelConnector.ProcessEvents.ProcessRecord.UnknownName;
        }

        if (process.Comm.Length > 0)
        {
            return process.Comm;
        }

        if (process.Arguments is [{ Length: > 0 } first, ..])
        {
            var name = first[(first.LastIndexOf('/') + 1)..];
            var bytes = Encoding.UTF8.GetBytes(name);
            return bytes.Length <= CommLength ? name : Encoding.UTF8.GetString(bytes, 0, CommLength);
        }

        return KernelConnector.ProcessEvents.ProcessRecord.UnknownName;
    }

    public void Count(string name, EventClass line)
    {
        if (!_byName.TryGetValue(name, out var counts))
        {
            counts = new long[Columns.Length];
            _byName[name] = counts;
        }

        var index = Array.FindIndex(Columns, c => c.Class == line);
        if (index >= 0)
        {
            counts[index]++;
        }
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        var line = new StringBuilder();
        foreach (var (_, header) in Columns)
        {
            line.Append(header.PadLeft(7)).Append(' ');
        }

        output.WriteLine(line.Append("  Total Process"));

        // Most events first, then by name.
        var rows = new List<(string Name, long[] Counts, long Total)>(_byName.Count);
        foreach (var (name, counts) in _byName)
        {
            long total = 0;
            foreach (var count in counts)
            {
                total += count;
            }

            rows.Add((name, counts, total));
        }

        rows.Sort(static (a, b) => a.Total != b.Total ? b.Total.CompareTo(a.Total) : string.CompareOrdinal(a.Name, b.Name));
        foreach (var (name, counts, total) in rows)
        {
            line.Clear();
            foreach (var count in counts)
            {
                line.Append(count.ToString(CultureInfo.InvariantCulture).PadLeft(7)).Append(' ');
            }

            output.WriteLine(line.Append(total.ToString(CultureInfo.InvariantCulture).PadLeft(7)).Append(' ').Append(TextEscaper.Escape(name)));
        }
    }
}
