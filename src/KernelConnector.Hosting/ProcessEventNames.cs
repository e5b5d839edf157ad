using System;
using System.Collections.Generic;
using KernelConnector.ProcessEvents;

namespace KernelConnector.Hosting;

/// <summary>
/// The one vocabulary of event names the hosting package writes: metric attributes and log
/// records use the same words (log records also tell a thread's fork and exit: clone, thread_exit).
/// Public so that an observer with instruments of its own counts in the same words.
/// </summary>
public static class ProcessEventNames
{
    /// <summary>The event's name, telling a thread's fork and exit from a process's.</summary>
    public static string Of(in ProcEvent ev) => ev.What switch
    {
        ProcEventKind.Fork when ev.Fork.ChildPid != ev.Fork.ChildTgid => "clone",
        ProcEventKind.Exit when ev.Exit.ProcessPid != ev.Exit.ProcessTgid => "thread_exit",
        _ => Kind(ev.What),
    };

    /// <summary>
    /// The event's name as a process table decided it: an exit is the process's (<c>exit</c>) only
    /// when it ended the process. A thread-group leader that calls <c>pthread_exit</c> while other
    /// threads run sends its exit first; that is a <c>thread_exit</c>, and the last thread's exit,
    /// with the status the group exited with, is the process's.
    /// </summary>
    public static string Of(in ProcEvent ev, ProcessRecord? process) =>
        ev.What == ProcEventKind.Exit && process is not null
            ? process.ExitBy(ev) is not null ? "exit" : "thread_exit"
            : Of(ev);

    /// <summary>The metric attribute that carries <see cref="Kind"/>.</summary>
    public const string KindAttribute = "kernelconnector.event.kind";

    /// <summary>The kernel's kind of event (what the metric's attribute counts): one of <see cref="Kinds"/>.</summary>
    public static string Kind(ProcEventKind kind) => Kinds[KindIndex(kind)];

    /// <summary>
    /// Every name <see cref="Kind"/> gives, <c>other</c> last (a kind this version does not know):
    /// the values of <see cref="KindAttribute"/>, for instruments that report each from the start.
    /// </summary>
    public static IReadOnlyList<string> Kinds { get; } = Array.AsReadOnly(["fork", "exec", "uid", "gid", "sid", "ptrace", "comm", "coredump", "exit", "other"]);

    /// <summary>The position of <paramref name="kind"/>'s name in <see cref="Kinds"/>.</summary>
    internal static int KindIndex(ProcEventKind kind) => kind switch
    {
        ProcEventKind.Fork => 0,
        ProcEventKind.Exec => 1,
        ProcEventKind.Uid => 2,
        ProcEventKind.Gid => 3,
        ProcEventKind.Sid => 4,
        ProcEventKind.Ptrace => 5,
        ProcEventKind.Comm => 6,
        ProcEventKind.Coredump => 7,
        ProcEventKind.Exit => 8,
        _ => 9,
    };
}
