using System;
using KernelConnector.ProcessEvents;

namespace ProcMonitor;

/// <summary>One line to print: what happened, to which process, and what a person reads about it.</summary>
/// <param name="Class">What the line reports.</param>
/// <param name="Name">The event's name as printed (fork, clone, exec, exit, thrdex, …).</param>
/// <param name="Pid">The pid column: the process's, or the thread's for clone and thrdex.</param>
/// <param name="Time">The event's wall-clock time (local).</param>
/// <param name="Process">The process as the table knows it after the event.</param>
/// <param name="Duration">How long the process ran, on exit lines.</param>
internal readonly record struct EventLine(EventClass Class, string Name, int Pid, DateTime Time, ProcessRecord? Process, TimeSpan? Duration)
{
    /// <summary>
    /// The wait status an exit line reports: the process's, as the table ended it (the group's
    /// status when its leader exited before its last thread), else the event's own.
    /// </summary>
    public ProcessExit ExitOf(in ProcEvent ev) =>
        Process?.ExitBy(ev) ?? new ProcessExit { WaitStatus = ev.Exit.WaitStatus, TimestampNs = ev.TimestampNs };
}
