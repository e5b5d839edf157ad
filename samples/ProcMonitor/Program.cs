using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector;
using KernelConnector.ProcessEvents;
using ProcMonitor;

var events = new Option<string>("--events", "-e")
{
    Description = "Which events to show, comma-separated: "
        + string.Join("; ", EventSelection.Names.Select(n => $"{n.Name} ({n.Meaning})")) + ". Default: all.",
    DefaultValueFactory = _ => "all",
};
var json = new Option<bool>("--json") { Description = "Print one JSON object per line instead of text (statistics go to stderr)." };
var duration = new Option<string?>("--duration", "-d") { Description = "Stop after this long: 10 (seconds), 500ms, 30s, 2m, 1h, 2d, 00:01:30." };
var extra = new Option<bool>("--extra", "-x") { Description = "Extra columns: parent pid, user, container." };
var processStats = new Option<bool>("--process-stats", "-S") { Description = "At the end, print events per process name." };
var realTime = new Option<bool>("--realtime", "-r") { Description = "Receive with real-time scheduling (SCHED_FIFO) to keep up on a busy machine; needs root or CAP_SYS_NICE." };
var pids = new Option<string[]>("--pid", "-p") { Description = "Only this process and its descendants (repeatable, or comma-separated).", AllowMultipleArgumentsPerToken = false };
var users = new Option<string[]>("--user", "-u") { Description = "Only processes of this user: name or uid (repeatable)." };
var names = new Option<string[]>("--name", "-n") { Description = "Only processes whose command name, executable or first argument matches this pattern (* and ?; repeatable)." };
var containers = new Option<string[]>("--container", "-c") { Description = "Only processes in this container: an id prefix or machine name, * for any container, - for the host (repeatable)." };
var buffer = new Option<string?>("--buffer", "-b") { Description = "The socket's receive buffer: 8M (the default), 512K, 65536. A larger one rides out longer bursts; the kernel may round it." };
var cgroups = new Option<string[]>("--cgroup") { Description = "Only processes whose cgroup path matches this pattern (* and ?; repeatable)." };

var root = new RootCommand(
    "Prints every process event of this machine live, one line each, with the process it is about, from the kernel's process-event connector.\n" +
    "Exit codes: 0 stopped as asked; 1 the receive loop failed; 2 bad command line; 3 process events unavailable here; 4 not permitted.")
{
    events, json, duration, extra, processStats, realTime, pids, users, names, containers, cgroups, buffer,
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // One line, one exit code, whoever rejects the input.
    Console.Error.WriteLine($"procmonitor: {TextEscaper.Escape(parse.Errors[0].Message)} (see --help)");
    return ExitCodes.Usage;
}

root.SetAction(async (result, cancellationToken) =>
{
    if (!EventSelection.TryParse(result.GetValue(events), out var classes, out var error))
    {
        return Usage(error);
    }

    TimeSpan? limit = null;
    if (result.GetValue(duration) is { } text)
    {
        if (!DurationParser.TryParse(text, out var parsed, out error))
        {
            return Usage(error);
        }

        limit = parsed;
    }

    var pidList = new List<int>();
    foreach (var part in (result.GetValue(pids) ?? []).SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
    {
        if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
        {
            return Usage($"'{TextEscaper.Escape(part)}' is not a pid (--pid)");
        }

        pidList.Add(pid);
    }

    int? receiveBuffer = null;
    if (result.GetValue(buffer) is { } size)
    {
        if (!SizeParser.TryParse(size, out var bytes, out error))
        {
            return Usage(error);
        }

        receiveBuffer = bytes;
    }

    if (result.GetValue(realTime) && !RealTime.TryProbe(out var errno))
    {
        await Console.Error.WriteLineAsync($"procmonitor: real-time scheduling refused (errno {errno}): run as root or grant CAP_SYS_NICE, or drop --realtime");
        return ExitCodes.PermissionDenied;
    }

    var options = new MonitorOptions
    {
        Events = classes,
        Json = result.GetValue(json),
        Duration = limit,
        Extra = result.GetValue(extra),
        ProcessStatistics = result.GetValue(processStats),
        RealTime = result.GetValue(realTime),
        Pids = [.. pidList],
        ReceiveBuffer = receiveBuffer,
        Filter = new ProcessFilter
        {
            Users = result.GetValue(users) ?? [],
            Names = result.GetValue(names) ?? [],
            Containers = result.GetValue(containers) ?? [],
            Cgroups = result.GetValue(cgroups) ?? [],
        },
    };

    try
    {
        return await new ProcMonitor.Monitor(options, options.Json ? Console.Error : Console.Out, Console.Error).RunAsync(cancellationToken);
    }
    catch (ConnectorUnavailableException e)
    {
        await Console.Error.WriteLineAsync($"procmonitor: {TextEscaper.Escape(e.Message)}");
        return e.Reason == ConnectorUnavailableReason.PermissionDenied ? ExitCodes.PermissionDenied : ExitCodes.Unavailable;
    }
    catch (ProcessEventsException e)
    {
        await Console.Error.WriteLineAsync($"procmonitor: {TextEscaper.Escape(e.Message)}");
        return e.ErrorCode == 1 /* EPERM */ ? ExitCodes.PermissionDenied : ExitCodes.Unavailable;
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        // Never a stack trace: one line that says what failed.
        await Console.Error.WriteLineAsync($"procmonitor: unexpected failure: {e.GetType().Name}: {TextEscaper.Escape(e.Message)}");
        return ExitCodes.Failure;
    }
});

return await parse.InvokeAsync();

static int Usage(string error)
{
    Console.Error.WriteLine($"procmonitor: {error}");
    return ExitCodes.Usage;
}
