using System;
using System.CommandLine;
using System.Threading.Tasks;
using KernelConnector;
using KernelConnector.ProcessEvents;
using ProcMonitor;

var events = new Option<string>("--events", "-e")
{
    Description = "Which events to show, comma-separated: fork, exec, exit, uid, gid, sid, ptrace, comm, core, fail (failed exits only), all.",
    DefaultValueFactory = _ => "all",
};
var json = new Option<bool>("--json")
{
    Description = "Print one JSON object per line instead of text (statistics go to stderr).",
};
var duration = new Option<string?>("--duration", "-d")
{
    Description = "Stop after this long: 10 (seconds), 500ms, 30s, 2m, 1h.",
};

var root = new RootCommand("Prints every process event of this machine live, one line each, from the kernel's process-event connector.")
{
    events,
    json,
    duration,
};

root.SetAction(async (parse, cancellationToken) =>
{
    if (!EventSelection.TryParse(parse.GetValue(events), out var kinds, out var error))
    {
        await Console.Error.WriteLineAsync($"procmonitor: {error}");
        return 2;
    }

    TimeSpan? limit = null;
    if (parse.GetValue(duration) is { } text)
    {
        if (!DurationParser.TryParse(text, out var parsed))
        {
            await Console.Error.WriteLineAsync($"procmonitor: '{text}' is not a duration (try 10, 30s, 2m)");
            return 2;
        }

        limit = parsed;
    }

    var asJson = parse.GetValue(json);
    try
    {
        return await new Monitor(kinds, asJson, asJson ? Console.Error : Console.Out).RunAsync(limit, cancellationToken);
    }
    catch (ConnectorUnavailableException e)
    {
        await Console.Error.WriteLineAsync($"procmonitor: {e.Message}");
        return 3;
    }
    catch (ProcessEventsException e)
    {
        await Console.Error.WriteLineAsync($"procmonitor: {e.Message}");
        return 3;
    }
});

return await root.Parse(args).InvokeAsync();
