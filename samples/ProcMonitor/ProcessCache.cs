using System.Collections.Generic;
using KernelConnector.ProcessEvents;

namespace ProcMonitor;

/// <summary>
/// What the monitor knows of each live process: its command line, read from /proc when it is
/// seen, so that the exit line still names a process that /proc has already forgotten.
/// </summary>
internal sealed class ProcessCache
{
    private readonly Dictionary<int, Entry> _processes = new();

    public sealed class Entry(string commandLine, ulong startNs)
    {
        public string CommandLine { get; set; } = commandLine;

        public ulong StartNs { get; } = startNs;
    }

    public int Count => _processes.Count;

    /// <summary>A new process (or thread): it runs its parent's program until it execs.</summary>
    public Entry OnFork(int childTgid, int parentTgid, ulong timestampNs)
    {
        var commandLine = Lookup(parentTgid);
        var entry = new Entry(commandLine, timestampNs);
        _processes[childTgid] = entry;
        return entry;
    }

    public string OnExec(int tgid, ulong timestampNs)
    {
        var commandLine = ProcessSnapshot.ReadCommandLine(tgid);
        if (_processes.TryGetValue(tgid, out var entry))
        {
            if (commandLine.Length > 0)
            {
                entry.CommandLine = commandLine;
            }

            return entry.CommandLine;
        }

        _processes[tgid] = new Entry(commandLine, timestampNs);
        return commandLine;
    }

    public void OnComm(int tgid, string comm)
    {
        if (_processes.TryGetValue(tgid, out var entry) && entry.CommandLine.Length == 0)
        {
            entry.CommandLine = "[" + comm + "]";
        }
    }

    /// <summary>Forgets an exited process; returns what was known of it.</summary>
    public Entry? OnExit(int tgid)
    {
        _processes.Remove(tgid, out var entry);
        return entry;
    }

    public string Lookup(int tgid)
    {
        if (_processes.TryGetValue(tgid, out var entry))
        {
            return entry.CommandLine;
        }

        var commandLine = ProcessSnapshot.ReadCommandLine(tgid);
        if (commandLine.Length == 0 && ProcessSnapshot.TryRead(tgid) is { } info)
        {
            commandLine = "[" + info.Comm + "]";
        }

        // A process seen once (a parent that forks thousands of children) is read from /proc once.
        if (commandLine.Length > 0)
        {
            _processes[tgid] = new Entry(commandLine, 0);
        }

        return commandLine;
    }

    /// <summary>Starts from the live processes, as after a loss of events.</summary>
    public void Resynchronise(IReadOnlyList<ProcessInfo> processes)
    {
        _processes.Clear();
        foreach (var process in processes)
        {
            _processes[process.Pid] = new Entry(process.CommandLine.Length > 0 ? process.CommandLine : "[" + process.Comm + "]", 0);
        }
    }
}
