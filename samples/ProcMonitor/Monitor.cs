using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector;
using KernelConnector.ProcessEvents;

namespace ProcMonitor;

/// <summary>
/// The monitor: keeps a process table current from the kernel's events, prints each event that
/// passes the filters with what the table knows of its process, and tells loss as it happens.
/// </summary>
internal sealed class Monitor(MonitorOptions options, TextWriter statisticsOutput, TextWriter errors)
{
    // Lines shown per class, indexed by the class's bit: no hashing per event.
    private readonly long[] _counts = new long[32];
    private readonly ProcessStatistics _perProcess = new();
    private ProcessFilter _filter = options.Filter;

    // proc_event.timestamp_ns is CLOCK_MONOTONIC, which Stopwatch reads on Linux; the wall clock of
    // an event is its stamp shifted by the offset between the two clocks.
    private readonly DateTime _bootWallClock = DateTime.Now - Stopwatch.GetElapsedTime(0);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
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

        if (options.Duration is { } limit)
        {
            stop.CancelAfter(limit);
        }

        // Each event is applied to the table (its program read from /proc while the process still
        // exists) and printed on the receive loop itself, as forkstat does: handing events to
        // another thread costs more than printing them (the thread pool spins on every hand-off),
        // and the socket's buffer absorbs a slow terminal. A flush thread empties the buffer when no event comes.
        using var writer = new EventWriter(StandardStreams.OpenOutput(), options.Json, options.Extra);
        var table = new ProcessTable(new ProcessTableOptions { Details = Details(options) });

        // Seeded first, so that --pid is checked and resolved before any line is printed.
        table.Seed();
        if (!ResolveSubtrees(table, out var missing))
        {
            await errors.WriteLineAsync(ThreadGroupOf(missing) is { } process
                ? $"procmonitor: {missing} is a thread of process {process}, not a process: --pid {process} follows it (--pid)"
                : $"procmonitor: no process with pid {missing} (--pid)");
            return ExitCodes.Usage;
        }

        table.Resynchronized += OnResynchronized;

        // On the JIT the library runs the event path on events made up for this process right
        // after the start, so that the first storm does not run it while it is being compiled; a
        // twin printer (its own counts, printing to nowhere) takes them, so that the lines' code
        // is compiled too.
        var printer = new EventPrinter(this, writer, options.RealTime, stop, EventPrinter.FlushInterval);
        using var twinWriter = new EventWriter(StandardStreams.OpenNowhere(), options.Json, options.Extra);
        var twin = new EventPrinter(new Monitor(options, TextWriter.Null, TextWriter.Null), twinWriter, realTime: false, stop: null, flushInterval: 0);
        var sourceOptions = new ProcessEventSourceOptions
        {
            ReceiveBufferSize = options.ReceiveBuffer ?? new ProcessEventSourceOptions().ReceiveBufferSize,
            // Every kind, whatever is shown: the table needs forks, execs and exits to name the
            // processes of the lines that are shown, and sequence gaps are loss only unfiltered.
            Events = ProcEventKind.All,
            Processes = table,
            PriorityBoost = options.PriorityBoost,
            BatchDelay = options.BatchDelay,
            ProcessCallback = printer.OnEvent,
            WarmUpCallback = twin.OnEvent,
        };
        ProcessEventSource started;
        try
        {
            started = await ProcessEventSource.StartAsync(sourceOptions, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Stopped while subscribing: Ctrl+C, SIGTERM, a --duration shorter than the start, or
            // the output's reader gone before listening began. Asked for; nothing to report,
            // unless the output itself failed.
            return await OutputResultAsync(writer);
        }

        await using var source = started;

        // Said on stderr, so that scripts reading stdout (--json) know when nothing will be missed.
        await errors.WriteLineAsync($"procmonitor: listening on port {source.Endpoint.PortId} ({table.Statistics.Live} processes running)");
        writer.WriteHeader();
        writer.Flush();

        // For the quiet moments, when no event comes to flush what the last one left buffered: one
        // thread that sleeps a second at a time, not a timer, which would start the runtime's timer
        // thread and thread-pool workers (three threads and their stacks, for one flush a second).
        using var quiet = new ManualResetEventSlim();
        var flusher = new Thread(() =>
        {
            while (!quiet.Wait(1000))
            {
                writer.Flush();
            }
        })
        { IsBackground = true, Name = "procmonitor flush" };
        flusher.Start();
        var clock = Stopwatch.StartNew();
        try
        {
            await Task.WhenAny(source.Completion, Task.Delay(Timeout.Infinite, stop.Token));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C or --duration: the normal way to end.
        }

        quiet.Set();
        flusher.Join();
        var failure = source.Completion.IsFaulted ? source.Completion.Exception?.InnerException : null;
        await source.DisposeAsync();
        writer.Flush();
        PrintStatistics(source, table, clock.Elapsed);

        if (failure is not null)
        {
            await errors.WriteLineAsync($"procmonitor: the receive loop stopped: {TextEscaper.Escape(failure.Message)}");
            return ExitCodes.Failure;
        }

        return await OutputResultAsync(writer);
    }

    /// <summary>Success, unless writing the event lines failed for another reason than their reader going away (then one line, and 1).</summary>
    private async Task<int> OutputResultAsync(EventWriter writer)
    {
        if (writer.Failure is not { } failure)
        {
            return ExitCodes.Success;
        }

        await errors.WriteLineAsync($"procmonitor: the event lines could not be written, stopped: {TextEscaper.Escape(failure)}");
        return ExitCodes.Failure;
    }

    /// <summary>
    /// What to read from /proc per exec: the command line always; users, cgroups and namespaces
    /// only when a column or a filter needs them. Every read per exec delays the next one, and on a
    /// busy machine a short-lived process is gone by then.
    /// </summary>
    /// <summary>
    /// The process a thread id belongs to, when <paramref name="id"/> is a thread's and not a
    /// process's: /proc does not list threads, but answers for them.
    /// </summary>
    private static int? ThreadGroupOf(int id)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{id.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("Tgid:", StringComparison.Ordinal))
                {
                    return int.TryParse(line.AsSpan(5).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var tgid) && tgid != id ? tgid : null;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    internal static ProcessDetails Details(MonitorOptions options)
    {
        var details = ProcessDetails.Arguments;
        if (options.Extra)
        {
            details |= ProcessDetails.All;
        }

        if (options.Filter.Users.Count > 0)
        {
            details |= ProcessDetails.Credentials | ProcessDetails.UserNames;
        }

        if (options.Filter.Containers.Count > 0 || options.Filter.Cgroups.Count > 0)
        {
            details |= ProcessDetails.Cgroup;
        }

        if (options.Filter.Names.Count > 0)
        {
            // A name matches the executable, the command line or comm.
            details |= ProcessDetails.Executable | ProcessDetails.CommandName;
        }

        if (options.Json || options.ProcessStatistics)
        {
            // JSON has a comm field, and -S counts by comm. A text line names a process by its
            // command line, as forkstat does (a comm change reads "comm new" beside it), so the
            // default leaves out the second file read per exec.
            details |= ProcessDetails.CommandName;
        }

        return details;
    }

    /// <summary>Turns the pids of --pid into identities, once the table knows the live processes.</summary>
    private bool ResolveSubtrees(ProcessTable table, out int missing)
    {
        missing = 0;
        var keys = new List<ProcessKey>();
        foreach (var pid in options.Pids)
        {
            if (table.Find(pid) is not { HasExited: false } process)
            {
                missing = pid;
                return false;
            }

            keys.Add(process.Key);
        }

        if (keys.Count > 0)
        {
            _filter = _filter with { Subtrees = keys };
        }

        return true;
    }

    private void OnResynchronized(object? sender, ProcessResyncEventArgs e)
    {
        // Told when it happens (the receive loop rate-limits resynchronisations), not only at the end.
        errors.WriteLine(
            $"procmonitor: events lost ({(e.Cause == ConnectorLossKind.Overrun ? "receive overrun" : "sequence gap")}{(e.Lost > 0 ? $", {e.Lost} missing" : "")}); " +
            $"resynchronised from /proc: {e.Added} new, {e.Vanished} gone");
        errors.Flush();
    }

    /// <summary>The line for an event, counted; null when the selection or the filters hide it.</summary>
    internal EventLine? Describe(in ProcEvent ev, ProcessRecord? process)
    {
        var (cls, name, pid) = Classify(ev, process);
        var failed = cls == EventClass.Exit && (process?.ExitBy(ev)?.WaitStatus ?? ev.Exit.WaitStatus) != 0;
        if (!EventSelection.Shows(options.Events, cls, failed) || (!_filter.IsEmpty && (process is null || !_filter.Matches(process))))
        {
            return null;
        }

        _counts[BitOperations.TrailingZeroCount((uint)cls)]++;
        if (options.ProcessStatistics)
        {
            _perProcess.Count(ProcessStatistics.NameOf(process), cls);
        }

        var duration = cls == EventClass.Exit ? process?.Duration : null;
        var time = _bootWallClock + TimeSpan.FromTicks((long)(ev.TimestampNs / 100));
        return new EventLine(cls, name, pid, time, process, duration);
    }

    /// <summary>
    /// What a line reports, its name, and whose id the pid column shows (the thread's for clone and
    /// thrdex). An exit is the process's when the table ended the process with it: a leader that
    /// called pthread_exit while other threads ran is a thread's exit, and the last thread's is
    /// the process's, with the status the group exited with.
    /// </summary>
    private static (EventClass Class, string Name, int Pid) Classify(in ProcEvent ev, ProcessRecord? process) => ev.What switch
    {
        ProcEventKind.Fork when ev.Fork.ChildPid == ev.Fork.ChildTgid => (EventClass.Fork, "fork", ev.Fork.ChildTgid),
        ProcEventKind.Fork => (EventClass.Clone, "clone", ev.Fork.ChildPid),
        ProcEventKind.Exec => (EventClass.Exec, "exec", ev.Exec.ProcessTgid),
        ProcEventKind.Exit when process?.ExitBy(ev) is not null => (EventClass.Exit, "exit", ev.Exit.ProcessTgid),
        ProcEventKind.Exit when ev.Exit.ProcessPid != ev.Exit.ProcessTgid || process is { HasExited: false } => (EventClass.ThreadExit, "thrdex", ev.Exit.ProcessPid),
        ProcEventKind.Exit => (EventClass.Exit, "exit", ev.Exit.ProcessTgid),
        ProcEventKind.Uid => (EventClass.Uid, "uid", ev.IdChange.ProcessTgid),
        ProcEventKind.Gid => (EventClass.Gid, "gid", ev.IdChange.ProcessTgid),
        ProcEventKind.Sid => (EventClass.Sid, "sid", ev.Sid.ProcessTgid),
        ProcEventKind.Ptrace => (EventClass.Ptrace, "ptrace", ev.Ptrace.ProcessTgid),
        ProcEventKind.Comm => (EventClass.Comm, "comm", ev.Comm.ProcessPid),
        ProcEventKind.Coredump => (EventClass.Core, "core", ev.Coredump.ProcessTgid),
        _ => (EventClass.Unknown, "0x" + ((uint)ev.What).ToString("x8", CultureInfo.InvariantCulture), ev.ProcessId),
    };

    private string PriorityBoostText(ProcessEventSource source) => (options.PriorityBoost, source.PriorityBoosted) switch
    {
        (0, _) => "none",
        (var levels, true) => Granted(levels, PriorityBoost.ProcessNice()),
        (var levels, false) => $"{levels} levels, refused",
        (var levels, null) => $"{levels} levels, not asked yet (no event arrived)",
    };

    // The kernel stops at nice -20: a larger boost is granted only as far as that.
    private static string Granted(int levels, int nice) => Math.Max(-20, nice - levels) is var boosted && nice - boosted < levels
        ? $"{levels} levels asked, {nice - boosted} granted (nice {nice} -> {boosted}, the strongest)"
        : $"{levels} levels, granted (nice {nice} -> {boosted})";

    private string BatchDelayText(ProcessEventSource source) => (options.BatchDelay, source.BatchDelay) switch
    {
        ({ Ticks: 0 }, _) => "none",
        (var asked, { Ticks: 0 }) => $"{Milliseconds(asked)} ms, not applied (the kernel cannot wake on execs alone)",
        (_, var applied) => $"{Milliseconds(applied)} ms, woken at once by execs",
    };

    private static string Milliseconds(TimeSpan span) => span.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);

    private void PrintStatistics(ProcessEventSource source, ProcessTable table, TimeSpan elapsed)
    {
        var stats = source.Endpoint.Statistics;
        var processes = table.Statistics;
        var output = statisticsOutput;
        output.WriteLine();
        output.WriteLine($"{"Event",-10} {"Count",10}");
        // Each event class that was seen, most first, then by name; "other" for unknown kinds.
        var counts = new List<(string Name, long Count)>();
        foreach (var (name, cls, _) in EventSelection.Names)
        {
            if (BitOperations.PopCount((uint)cls) == 1 && _counts[BitOperations.TrailingZeroCount((uint)cls)] is > 0 and var count)
            {
                counts.Add((name, count));
            }
        }

        if (_counts[BitOperations.TrailingZeroCount((uint)EventClass.Unknown)] is > 0 and var other)
        {
            counts.Add(("other", other));
        }

        counts.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Name, b.Name));
        foreach (var (name, count) in counts)
        {
            output.WriteLine($"{name,-10} {count,10}");
        }

        long total = 0;
        foreach (var count in _counts)
        {
            total += count;
        }

        output.WriteLine($"{"total",-10} {total,10}");
        if (options.ProcessStatistics)
        {
            _perProcess.Print(output);
        }

        output.WriteLine();
        output.WriteLine($"lost (sequence gaps) {stats.SequenceGaps}");
        output.WriteLine($"receive overruns     {stats.Overruns}");
        output.WriteLine($"dropped by reader    {source.DroppedByReader}");
        output.WriteLine($"malformed            {stats.Malformed}");
        output.WriteLine($"spoofed              {stats.Spoofed}");
        output.WriteLine($"resynchronised       {processes.Resynchronizations} (found {processes.ResyncAdded}, gone {processes.ResyncVanished})");
        output.WriteLine($"exec names           {processes.NamedFromCommandLine} command line, {processes.NamedFromComm} comm only, {processes.NamesUnknown} unknown");
        output.WriteLine($"processes tracked    {processes.Live} live, {processes.Exited} exited kept");
        output.WriteLine($"filter               {source.FilterMode}");
        output.WriteLine($"priority boost       {PriorityBoostText(source)}");
        output.WriteLine($"batch delay          {BatchDelayText(source)}");
        output.WriteLine($"elapsed              {elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s");
        output.Flush();
    }
}
