using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector;
using KernelConnector.ProcessEvents;

namespace ProcMonitor;

/// <summary>The monitor: subscribes, prints each event, and keeps the counts for the closing table.</summary>
internal sealed class Monitor(ProcEventKind kinds, bool json, TextWriter statisticsOutput)
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ProcessCache _cache = new();

    // proc_event.timestamp_ns is CLOCK_MONOTONIC, which Stopwatch reads on Linux; the wall clock of
    // an event is its stamp shifted by the offset between the two clocks.
    private readonly DateTime _bootWallClock = DateTime.Now - Stopwatch.GetElapsedTime(0);

    public async Task<int> RunAsync(TimeSpan? duration, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Ctrl+C (and a polite kill) end the run normally, so the statistics are printed.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        if (duration is { } limit)
        {
            stop.CancelAfter(limit);
        }

        // Each event is resolved (its command line read from /proc while the process still exists)
        // and printed on the receive loop itself, as forkstat does: handing events to another
        // thread costs more than printing them (the thread pool spins on every hand-off), and the
        // socket's 8 MiB buffer absorbs a slow terminal. A timer flushes the buffered output.
        using var writer = new EventWriter(Console.OpenStandardOutput(), json);
        var options = new ProcessEventSourceOptions
        {
            Events = kinds,
            Callback = (in ConnectorMessage<ProcEvent> message) =>
            {
                var line = Resolve(message.Value);
                writer.Write(line.Event, line.WallClock, line.Info, line.DurationSeconds, line.CommandLine);
            },
        };
        await using var source = await ProcessEventSource.StartAsync(options, stop.Token);

        // Said on stderr, so that scripts reading stdout (--json) know when nothing will be missed.
        Console.Error.WriteLine($"procmonitor: listening on port {source.Endpoint.PortId} (filter: {source.FilterMode})");
        writer.WriteHeader();
        writer.Flush();

        using var flusher = new Timer(_ => writer.Flush(), null, 200, 200);
        var clock = Stopwatch.StartNew();
        try
        {
            await Task.WhenAny(source.Completion, Task.Delay(Timeout.Infinite, stop.Token));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C or --duration: the normal way to end.
        }

        var failure = source.Completion.IsFaulted ? source.Completion.Exception?.InnerException : null;
        await source.DisposeAsync();
        writer.Flush();
        PrintStatistics(source, clock.Elapsed);
        if (failure is not null)
        {
            await Console.Error.WriteLineAsync($"procmonitor: the receive loop stopped: {failure.Message}");
            return 1;
        }

        return 0;
    }

    private readonly record struct Line(ProcEvent Event, DateTime WallClock, string Info, double? DurationSeconds, string CommandLine);

    private Line Resolve(in ProcEvent ev)
    {
        var name = EventWriter.EventName(ev);
        lock (_counts)
        {
            _counts[name] = _counts.GetValueOrDefault(name) + 1;
        }

        string info;
        double? duration = null;
        string commandLine;
        switch (ev.What)
        {
            case ProcEventKind.Fork:
                commandLine = _cache.OnFork(ev.Fork.ChildTgid, ev.Fork.ParentTgid, ev.TimestampNs).CommandLine;
                info = ev.Fork.ChildPid == ev.Fork.ChildTgid ? $"parent {ev.Fork.ParentTgid}" : $"thread {ev.Fork.ChildPid}";
                break;
            case ProcEventKind.Exec:
                commandLine = _cache.OnExec(ev.Exec.ProcessTgid, ev.TimestampNs);
                info = "";
                break;
            case ProcEventKind.Exit:
                var isProcess = ev.Exit.ProcessPid == ev.Exit.ProcessTgid;
                var entry = isProcess ? _cache.OnExit(ev.Exit.ProcessTgid) : null;
                commandLine = entry?.CommandLine ?? _cache.Lookup(ev.Exit.ProcessTgid);
                if (entry is { StartNs: > 0 } started && ev.TimestampNs >= started.StartNs)
                {
                    duration = (ev.TimestampNs - started.StartNs) / 1e9;
                }

                info = ev.Exit.TerminationSignal != 0
                    ? $"signal {ev.Exit.TerminationSignal}{(ev.Exit.CoreDumped ? " (core)" : "")}"
                    : $"exit {ev.Exit.ExitStatus}";
                break;
            case ProcEventKind.Uid:
                commandLine = _cache.Lookup(ev.IdChange.ProcessTgid);
                info = $"uid {ev.IdChange.Real} euid {ev.IdChange.Effective}";
                break;
            case ProcEventKind.Gid:
                commandLine = _cache.Lookup(ev.IdChange.ProcessTgid);
                info = $"gid {ev.IdChange.Real} egid {ev.IdChange.Effective}";
                break;
            case ProcEventKind.Sid:
                commandLine = _cache.Lookup(ev.Sid.ProcessTgid);
                info = "new session";
                break;
            case ProcEventKind.Ptrace:
                commandLine = _cache.Lookup(ev.Ptrace.ProcessTgid);
                info = ev.Ptrace.TracerPid == 0 ? "detached" : $"traced by {ev.Ptrace.TracerTgid}";
                break;
            case ProcEventKind.Comm:
                var comm = ev.Comm.Comm.ToString();
                _cache.OnComm(ev.Comm.ProcessTgid, comm);
                commandLine = _cache.Lookup(ev.Comm.ProcessTgid);
                info = $"comm {comm}";
                break;
            case ProcEventKind.Coredump:
                commandLine = _cache.Lookup(ev.Coredump.ProcessTgid);
                info = $"parent {ev.Coredump.ParentTgid}";
                break;
            default:
                commandLine = "";
                info = "";
                break;
        }

        return new Line(ev, _bootWallClock + TimeSpan.FromTicks((long)(ev.TimestampNs / 100)), info, duration, commandLine);
    }

    private void PrintStatistics(ProcessEventSource source, TimeSpan elapsed)
    {
        var stats = source.Endpoint.Statistics;
        var output = statisticsOutput;
        output.WriteLine();
        output.WriteLine($"{"Event",-10} {"Count",10}");
        foreach (var (name, count) in _counts.ToArray().OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{name,-10} {count,10}");
        }

        output.WriteLine($"{"total",-10} {_counts.Values.Sum(),10}");
        output.WriteLine();
        output.WriteLine($"lost (sequence gaps) {stats.SequenceGaps}");
        output.WriteLine($"receive overruns     {stats.Overruns}");
        output.WriteLine($"dropped by reader    {source.DroppedByReader}");
        output.WriteLine($"malformed            {stats.Malformed}");
        output.WriteLine($"spoofed              {stats.Spoofed}");
        output.WriteLine($"filter               {source.FilterMode}");
        output.WriteLine($"elapsed              {elapsed.TotalSeconds:0.0}s");
        output.Flush();
    }
}
