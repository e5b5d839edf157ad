using System;
using System.Collections.Generic;

namespace ProcMonitor;

/// <summary>Parses <c>--events fork,exec,exit</c>. The names are the ones lines print.</summary>
internal static class EventSelection
{
    /// <summary>Every accepted name, in the order --help lists them, with what it selects.</summary>
    public static readonly IReadOnlyList<(string Name, EventClass Class, string Meaning)> Names =
    [
        ("fork", EventClass.Fork, "a new process"),
        ("clone", EventClass.Clone, "a new thread"),
        ("exec", EventClass.Exec, "a program executed"),
        ("exit", EventClass.Exit, "a process exited"),
        ("thrdex", EventClass.ThreadExit, "a thread exited"),
        ("uid", EventClass.Uid, "user id changed"),
        ("gid", EventClass.Gid, "group id changed"),
        ("sid", EventClass.Sid, "new session"),
        ("ptrace", EventClass.Ptrace, "tracer attached or detached"),
        ("comm", EventClass.Comm, "command name changed"),
        ("core", EventClass.Core, "core dump"),
        ("fail", EventClass.Fail, "process exits with nonzero status or a signal only"),
        ("all", EventClass.All, "all of the above but fail"),
    ];

    public static string NameList => Join(", ", static n => n.Name);

    /// <summary>"fork (a new process); clone (a new thread); …", for --help.</summary>
    public static string Described => Join("; ", static n => $"{n.Name} ({n.Meaning})");

    // Without LINQ, which the native build leaves out (docs/benchmarks.md, section 6).
    private static string Join(string separator, Func<(string Name, EventClass Class, string Meaning), string> text)
    {
        var parts = new string[Names.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = text(Names[i]);
        }

        return string.Join(separator, parts);
    }

    public static bool TryParse(string? text, out EventClass classes, out string error)
    {
        classes = EventClass.None;
        error = "";
        if (text is null)
        {
            classes = EventClass.All;
            return true;
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Find(part);
            if (match is null)
            {
                error = $"unknown event '{TextEscaper.Escape(part)}'; use any of: {NameList}";
                return false;
            }

            classes |= match.Value;
        }

        if (classes == EventClass.None)
        {
            error = "no events selected";
            return false;
        }

        return true;
    }

    private static EventClass? Find(string name)
    {
        foreach (var (known, cls, _) in Names)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                return cls;
            }
        }

        return null;
    }

    /// <summary>Whether a line of class <paramref name="line"/> is shown; <paramref name="failed"/> is for process exits.</summary>
    public static bool Shows(EventClass selected, EventClass line, bool failed) =>
        (selected & line) != 0 || (line == EventClass.Exit && failed && (selected & EventClass.Fail) != 0);
}
