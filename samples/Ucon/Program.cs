using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector;
using KernelConnector.Samples;
using KernelConnector.Transport;
using Ucon;
using static KernelConnector.Samples.RefusalText;

// Two processes talking through the kernel connector: "serve" joins a group and answers requests;
// "ask" multicasts requests to that group (or sends them to one port) and prints the replies.
// Each command has its own option instances, so that its help lists its own options only.
const int ECONNREFUSED = 111;

var serveGroup = GroupOption("The multicast group to join and answer on (1..32).");
var serveCount = new Option<int>("--count", "-n")
{
    Description = "Stop after this many requests, answered or not (0: run until Ctrl+C).",
    DefaultValueFactory = _ => 0,
};
serveCount.Validators.Add(r => NotNegative(r, serveCount));

var askGroup = GroupOption("The multicast group to send the requests to (1..32).");
var askCount = new Option<int>("--count", "-n") { Description = "How many requests to send (0: none).", DefaultValueFactory = _ => 1 };
askCount.Validators.Add(r => NotNegative(r, askCount));
var port = new Option<uint?>("--port", "-p") { Description = "Send to this server's port id instead of the group." };
port.Validators.Add(r =>
{
    if (ParsedValue.TryGet<uint?>(r, out var value) && value is 0)
    {
        r.AddError("--port must be a socket's port id (1 or more); 0 is the kernel");
    }
});
var operation = OperationOption.Create();
var timeout = TimeoutOption.Create("Seconds to wait for each reply.", 2.0);
var text = new Argument<string[]>("text") { Description = "The text to send.", Arity = ArgumentArity.ZeroOrMore };
text.Validators.Add(r =>
{
    var length = Encoding.UTF8.GetByteCount(string.Join(' ', r.GetValueOrDefault<string[]>() ?? []));
    if (length > UconLimits.MaxText)
    {
        r.AddError($"the text is {length} bytes of UTF-8; a request carries at most {UconLimits.MaxText}");
    }
});

var serve = new Command("serve", "Join the group and answer requests.") { serveGroup, serveCount };
serve.SetAction(async (parse, cancellationToken) =>
{
    using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    var group = parse.GetValue(serveGroup);
    await using var socket = ConnectorSocket.Open(new ConnectorEndpointOptions { Groups = [group] });
    if (!SendPermission.MayReply(socket))
    {
        Console.Error.WriteLine($"ucon: cannot serve group {group}: the kernel let this process join it but not send replies (sending to another socket needs root or CAP_NET_ADMIN)");
        return ExitCodes.PermissionDenied;
    }

    var server = new Server(socket, parse.GetValue(serveCount), stop, Console.Out, Console.Error);
    Console.Error.WriteLine($"ucon: serving group {group} on port {socket.PortId}");
    await socket.RunAsync(server, stop.Token);
    Console.Error.WriteLine(server.NotSent == 0
        ? $"ucon: served {server.Served} requests"
        : $"ucon: served {server.Served} requests; {server.NotSent} replies could not be sent");
    return server.NotSent == 0 ? ExitCodes.Success : ExitCodes.NoReply;
});

var ask = new Command("ask", "Send requests and print the replies.") { askGroup, port, askCount, operation, timeout, text };
ask.SetAction(async (parse, cancellationToken) =>
{
    await using var socket = ConnectorSocket.Open();
    using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    // Replies are recognised by the receive loop, so it runs while the requests are out.
    var loop = socket.RunAsync(new ConnectorRouter(), stop.Token);
    try
    {
        var to = parse.GetValue(port) is { } p ? ConnectorAddress.Port(p) : ConnectorAddress.Group(parse.GetValue(askGroup));
        var message = Encoding.UTF8.GetBytes(string.Join(' ', parse.GetValue(text) ?? []));
        var options = new ConnectorRequestOptions { Timeout = TimeoutOption.ToTimeSpan(parse.GetValue(timeout)) };
        var failures = 0;
        for (uint i = 1; i <= parse.GetValue(askCount); i++)
        {
            try
            {
                var reply = await socket.RequestAsync<UconRequest, UconReply>(
                    new UconRequest { Operation = parse.GetValue(operation), Number = i }, to, message, options, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"reply #{reply.Value.Number} from pid {reply.Value.ServerPid} (port {reply.SenderPortId}, seq {reply.Seq}, ack {reply.Ack}, served {reply.Value.Served}, error {reply.Value.Error}): {Encoding.UTF8.GetString(reply.Trailing)}"));
            }
            catch (TimeoutException e)
            {
                failures++;
                Console.Error.WriteLine($"ucon: {OneLine(e.Message)}");
            }
        }

        return failures == 0 ? ExitCodes.Success : ExitCodes.NoReply;
    }
    finally
    {
        await stop.CancelAsync();
        await loop;
    }
});

var root = new RootCommand(
    "The kernel connector's userspace sample, done with KernelConnector.\n" +
    "Exit codes: 0 done; 1 a request got no reply in time, or a reply could not be sent; 2 bad command line; 3 connector unavailable; 4 not permitted; 5 no socket at --port; 6 unexpected failure.")
{
    serve, ask,
};

var parsed = root.Parse(args);

// System.CommandLine hands an unknown option to the text argument; it is a mistake, not text
// (text that starts with '-' goes after "--").
var unknown = parsed.Tokens.TakeWhile(t => t.Type != TokenType.DoubleDash)
    .FirstOrDefault(t => t.Type == TokenType.Argument && t.Value.Length > 1 && t.Value[0] == '-');
if (parsed.Errors.Count > 0 || unknown is not null)
{
    // One line, one exit code, whoever rejects the input (System.CommandLine would print its help too).
    // "Required command was not provided" says least: any other error goes first.
    var error = parsed.Errors.Count > 0 ? parsed.Errors.OrderBy(e => e.Message.StartsWith("Required command", StringComparison.Ordinal)).First().Message : $"Unrecognized option '{unknown!.Value}' (text that starts with '-' goes after \"--\")";
    Console.Error.WriteLine($"ucon: {OneLine(ParsedValue.Readable(error))} (see --help)");
    return ExitCodes.Usage;
}

try
{
    // Exceptions come here instead of to System.CommandLine's handler, which prints a stack trace.
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (ConnectorUnavailableException e)
{
    Console.Error.WriteLine($"ucon: {OneLine(e.Message)}");
    return e switch
    {
        { Reason: ConnectorUnavailableReason.PermissionDenied } => ExitCodes.PermissionDenied,
        { ErrorCode: ECONNREFUSED } when parsed.GetValue(port) is not null => ExitCodes.NoSuchPort,
        _ => ExitCodes.Unavailable,
    };
}
catch (OperationCanceledException)
{
    // Ctrl+C while a request was out: stopped as asked.
    return ExitCodes.Success;
}
catch (Exception e)
{
    Console.Error.WriteLine($"ucon: unexpected failure: {e.GetType().Name}: {OneLine(e.Message)}");
    return ExitCodes.Failure;
}

static Option<uint> GroupOption(string description)
{
    var group = new Option<uint>("--group", "-g")
    {
        Description = description,
        DefaultValueFactory = _ => UconRequest.Group,
    };
    group.Validators.Add(r =>
    {
        if (ParsedValue.TryGet<uint>(r, out var number) && number is 0 or > 32)
        {
            r.AddError($"--group must be 1..32 (Linux numbers netlink multicast groups 1 to 32), not {number}");
        }
    });
    return group;
}

static void NotNegative(OptionResult result, Option<int> option)
{
    if (ParsedValue.TryGet<int>(result, out var count) && count < 0)
    {
        result.AddError($"{option.Name} must be 0 or more, not {count}");
    }
}

