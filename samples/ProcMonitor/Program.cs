using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector;
using KernelConnector.ProcessEvents;
using ProcMonitor;

CommandLineOption[] options =
[
    new("--events", "-e", false, "Which events to show, comma-separated: "
        + EventSelection.Described + ". Default: all."),
    new("--json", null, true, "Print one JSON object per line instead of text (statistics go to stderr)."),
    new("--duration", "-d", false, "Stop after this long: 10 (seconds), 500ms, 30s, 2m, 1h, 2d, 00:01:30."),
    new("--extra", "-x", true, "Extra columns: parent pid, user, container."),
    new("--process-stats", "-S", true, "At the end, print events per process name."),
    new("--priority-boost", null, false, $"Run the receive thread this many nice levels above the process (0 to {ProcessEventSourceOptions.MaxPriorityBoost}; default {PriorityBoost.Default}, 0: none), as auditd does, so that it reads short-lived processes before they are gone on a busy machine; needs root or CAP_SYS_NICE."),
    new("--batch-delay", null, false, $"Let events other than execs wait up to this long, to be received in batches (default {(int)MonitorOptions.DefaultBatchDelay.TotalMilliseconds}ms, 0: none, at most 1s): an exec still wakes the monitor at once, so programs are read as promptly, while a busy machine costs it a wake-up per batch instead of one per event; needs Linux 6.6 or later (before, no delay)."),
    new("--realtime", "-r", true, "Receive with real-time scheduling (SCHED_FIFO) to keep up on a busy machine; needs root or CAP_SYS_NICE."),
    new("--pid", "-p", false, "Only this process and its descendants (repeatable, or comma-separated)."),
    new("--user", "-u", false, "Only processes of this real user at each event: name or uid (repeatable)."),
    new("--name", "-n", false, "Only processes whose command name, executable or first argument matches this pattern (* and ?; repeatable)."),
    new("--container", "-c", false, "Only processes in this container: an id prefix or machine name, * for any container, - for the host (repeatable)."),
    new("--cgroup", null, false, "Only processes whose cgroup path matches this pattern (* and ?; repeatable)."),
    new("--buffer", "-b", false, "The socket's receive buffer: 8M (the default), 512K, 65536. A larger one rides out longer bursts; the kernel may round it."),
];

if (!CommandLine.TryParse(args, options, out var result, out var usage))
{
    // One line, one exit code, whoever rejects the input.
    StandardStreams.Error.WriteLine($"procmonitor: {TextEscaper.Escape(usage)} (see --help)");
    return ExitCodes.Usage;
}

if (result.Help || result.Version)
{
    // --help wins over --version, as in most tools; the version is the package's, as the build stamps it.
    var text = result.Help
        ? HelpText.For(options)
        : $"procmonitor {(typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").Split('+')[0]}\n";
    try
    {
        using var output = StandardStreams.OpenOutput();
        output.Write(System.Text.Encoding.UTF8.GetBytes(text));
    }
    catch (System.IO.IOException e) when (!StandardStreams.ReaderGone(e))
    {
        // A full disk or an I/O error; a reader that is gone (--help | head -1) is no failure.
        StandardStreams.Error.WriteLine($"procmonitor: the {(result.Help ? "help" : "version")} could not be written: {TextEscaper.Escape(e.Message)}");
        return ExitCodes.Failure;
    }
    catch (System.IO.IOException)
    {
    }

    return ExitCodes.Success;
}

return await RunAsync(result);

static async Task<int> RunAsync(CommandLine result)
{
    // Repeated, --events adds up, as --pid, --user and --name do.
    var classes = result.Values("--events") is { Length: > 0 } ? EventClass.None : EventClass.All;
    string error;
    foreach (var events in result.Values("--events"))
    {
        if (!EventSelection.TryParse(events, out var selected, out error))
        {
            return Usage(error);
        }

        classes |= selected;
    }

    // Options that take one value: the last one counts, and every one given is checked (a typing
    // mistake is not made right by a later value).
    TimeSpan? limit = null;
    foreach (var text in result.Values("--duration"))
    {
        if (!DurationParser.TryParse(text, out var parsed, out error))
        {
            return Usage(error);
        }

        limit = parsed;
    }

    var pidList = new List<int>();
    foreach (var part in SplitValues(result.Values("--pid")))
    {
        if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
        {
            return Usage($"'{TextEscaper.Escape(part)}' is not a pid (--pid)");
        }

        pidList.Add(pid);
    }

    int? receiveBuffer = null;
    foreach (var size in result.Values("--buffer"))
    {
        if (!SizeParser.TryParse(size, out var bytes, out error))
        {
            return Usage(error);
        }

        receiveBuffer = bytes;
    }

    var batchDelay = MonitorOptions.DefaultBatchDelay;
    foreach (var delayText in result.Values("--batch-delay"))
    {
        // 0 is "none", which the duration parser (made for --duration) refuses.
        if (delayText.Trim() == "0")
        {
            batchDelay = TimeSpan.Zero;
        }
        else if (!DurationParser.TryParse(delayText, ProcessEventSourceOptions.MaxBatchDelay, "batch delay", "0, 10ms, 250ms, 1s", "0 (none) or from 1ms to 1s", out batchDelay, out error))
        {
            return Usage(error + " (--batch-delay)");
        }
    }

    var boost = PriorityBoost.Default;
    var boostAsked = result.Value("--priority-boost");
    foreach (var asked in result.Values("--priority-boost"))
    {
        if (!int.TryParse(asked, NumberStyles.None, CultureInfo.InvariantCulture, out boost) || boost > ProcessEventSourceOptions.MaxPriorityBoost)
        {
            return Usage($"'{TextEscaper.Escape(asked)}' is not a priority boost: a whole number from 0 to {ProcessEventSourceOptions.MaxPriorityBoost} (--priority-boost)");
        }
    }

    if (result.Has("--realtime") && !RealTime.TryProbe(out var errno))
    {
        await StandardStreams.Error.WriteLineAsync($"procmonitor: real-time scheduling refused (errno {errno}): run as root or grant CAP_SYS_NICE, or drop --realtime");
        return ExitCodes.PermissionDenied;
    }

    if (boost > 0 && !PriorityBoost.TryProbe(boost, out var refused))
    {
        if (boostAsked is not null)
        {
            await StandardStreams.Error.WriteLineAsync($"procmonitor: priority boost refused (errno {refused}): run as root or grant CAP_SYS_NICE, or pass --priority-boost 0");
            return ExitCodes.PermissionDenied;
        }

        // The default asks quietly for what it may have: said once, and listening goes on.
        await StandardStreams.Error.WriteLineAsync($"procmonitor: running without the default priority boost (errno {refused}: needs root or CAP_SYS_NICE); on a busy machine short-lived processes may go unnamed; --priority-boost 0 silences this");
        boost = 0;
    }

    foreach (var user in result.Values("--user"))
    {
        // A number is a uid, and one no process can have (over 32 bits, negative, or -1's
        // 4294967295, "no uid") would show nothing, silently.
        var numeric = user.Length > 0 && (char.IsAsciiDigit(user[0]) || user[0] is '-' or '+');
        if (user.Length == 0 || numeric && (!uint.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out var uid) || uid == uint.MaxValue))
        {
            return Usage($"'{TextEscaper.Escape(user)}' is not a user: a name, or a uid from 0 to 4294967294 (--user)");
        }
    }

    var filter = new ProcessFilter
    {
        Users = result.Values("--user"),
        Names = result.Values("--name"),
        Containers = result.Values("--container"),
        Cgroups = result.Values("--cgroup"),
    };
    if (filter.UnknownUsers() is [var unknown, ..])
    {
        // A name no user has would show nothing, silently, for as long as it runs.
        return Usage($"'{TextEscaper.Escape(unknown)}' is not a user: no user of that name in the user database, and not a uid (--user)");
    }

    var options = new MonitorOptions
    {
        Events = classes,
        Json = result.Has("--json"),
        Duration = limit,
        Extra = result.Has("--extra"),
        ProcessStatistics = result.Has("--process-stats"),
        RealTime = result.Has("--realtime"),
        PriorityBoost = boost,
        BatchDelay = batchDelay,
        Pids = [.. pidList],
        ReceiveBuffer = receiveBuffer,
        Filter = filter,
    };

    try
    {
        return await new ProcMonitor.Monitor(options, options.Json ? StandardStreams.Error : StandardStreams.Out, StandardStreams.Error).RunAsync(CancellationToken.None);
    }
    catch (ConnectorUnavailableException e)
    {
        await StandardStreams.Error.WriteLineAsync($"procmonitor: {TextEscaper.Escape(e.Message)}");
        return e.Reason == ConnectorUnavailableReason.PermissionDenied ? ExitCodes.PermissionDenied : ExitCodes.Unavailable;
    }
    catch (ProcessEventsException e)
    {
        await StandardStreams.Error.WriteLineAsync($"procmonitor: {TextEscaper.Escape(e.Message)}");
        return e.ErrorCode == 1 /* EPERM */ ? ExitCodes.PermissionDenied : ExitCodes.Unavailable;
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        // Never a stack trace: one line that says what failed.
        await StandardStreams.Error.WriteLineAsync($"procmonitor: unexpected failure: {e.GetType().Name}: {TextEscaper.Escape(e.Message)}");
        return ExitCodes.Failure;
    }
}

// Every comma-separated part of every value, empty ones included ("-p ''" and "-p 1," are mistakes).
static IEnumerable<string> SplitValues(string[] values)
{
    foreach (var value in values)
    {
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            yield return part;
        }
    }
}

static int Usage(string error)
{
    StandardStreams.Error.WriteLine($"procmonitor: {error}");
    return ExitCodes.Usage;
}
