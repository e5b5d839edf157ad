using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

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

    private readonly Dictionary<string, long[]> _byName = new(StringComparer.Ordinal);

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
        output.WriteLine(string.Join(' ', Columns.Select(c => c.Header.PadLeft(7))) + "   Total Process");
        foreach (var (name, counts) in _byName.OrderByDescending(p => p.Value.Sum()).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            output.WriteLine(string.Join(' ', counts.Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(7)))
                + " " + counts.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(7) + " " + TextEscaper.Escape(name));
        }
    }
}
