using System;
using System.Collections.Generic;
using System.Globalization;

namespace KernelConnector.Tests.ProcessEvents.Truth;

/// <summary>Counts forkstat's lines for the children of one storm program.</summary>
internal static class ForkstatStorm
{
    public sealed record Counts(int Forks, int Execs, int Named, int NamedAfterParent);

    public static Counts Count(string file, int stormPid)
    {
        // forkstat prints "fork <parent> parent NAME" then "fork <child> child NAME", and "exec <pid> NAME".
        var children = new HashSet<int>();
        int forks = 0, execs = 0, named = 0, afterParent = 0;
        var lastParent = -1;
        string? stormName = null;
        foreach (var line in MonitorRun.ReadLines(file))
        {
            var parts = line.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            var rest = parts.Length > 3 ? parts[3].Trim() : "";
            switch (parts[1])
            {
                case "fork" when rest.StartsWith("parent", StringComparison.Ordinal):
                    lastParent = pid;
                    if (pid == stormPid)
                    {
                        stormName = rest["parent".Length..].Trim();
                    }

                    break;
                case "fork" when rest.StartsWith("child", StringComparison.Ordinal) && lastParent == stormPid:
                    children.Add(pid);
                    forks++;
                    break;
                case "exec" when children.Contains(pid):
                    execs++;
                    if (rest == "true")
                    {
                        named++;
                    }
                    else if (rest == stormName)
                    {
                        afterParent++;
                    }

                    break;
            }
        }

        return new Counts(forks, execs, named, afterParent);
    }
}
