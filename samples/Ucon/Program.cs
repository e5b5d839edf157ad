using System;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector;
using Ucon;

// Two processes talking through the kernel connector: "serve" joins a group and answers requests;
// "ask" multicasts requests to that group (or sends them to one port) and prints the replies.
var group = new Option<uint>("--group", "-g")
{
    Description = "The multicast group the server joins (1..32).",
    DefaultValueFactory = _ => UconRequest.Group,
};
var count = new Option<int>("--count", "-n")
{
    Description = "serve: stop after answering this many requests (0: run until Ctrl+C). ask: how many requests to send.",
    DefaultValueFactory = _ => 0,
};
var port = new Option<uint?>("--port", "-p") { Description = "ask: send to this server port id instead of the group." };
var operation = new Option<UconOperation>("--op") { Description = "ask: what the server does with the text.", DefaultValueFactory = _ => UconOperation.Echo };
var timeout = new Option<double>("--timeout") { Description = "ask: seconds to wait for each reply.", DefaultValueFactory = _ => 2.0 };
var text = new Argument<string[]>("text") { Description = "ask: the text to send.", Arity = ArgumentArity.ZeroOrMore };

var serve = new Command("serve", "Join the group and answer requests.") { group, count };
serve.SetAction(async (parse, cancellationToken) =>
{
    using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    await using var socket = ConnectorSocket.Open(new ConnectorSocketOptions { Groups = [parse.GetValue(group)] });
    var server = new Server(socket, parse.GetValue(count), stop);
    Console.Error.WriteLine($"ucon: serving group {parse.GetValue(group)} on port {socket.PortId}");
    await socket.RunAsync(server, stop.Token);
    Console.Error.WriteLine($"ucon: served {socket.Statistics.Dispatched} requests");
    return 0;
});

var ask = new Command("ask", "Send requests and print the replies.") { group, port, count, operation, timeout, text };
ask.SetAction(async (parse, cancellationToken) =>
{
    await using var socket = ConnectorSocket.Open();
    using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    // Replies are recognised by the receive loop, so it runs while the requests are out.
    var loop = socket.RunAsync(new ConnectorRouter(), stop.Token);
    var to = parse.GetValue(port) is { } p ? ConnectorAddress.Port(p) : ConnectorAddress.Group(parse.GetValue(group));
    var message = Encoding.UTF8.GetBytes(string.Join(' ', parse.GetValue(text) ?? []));
    var options = new ConnectorRequestOptions { Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)) };
    var failures = 0;
    for (uint i = 1; i <= Math.Max(1, parse.GetValue(count)); i++)
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
            Console.Error.WriteLine($"ucon: {e.Message}");
        }
    }

    await stop.CancelAsync();
    await loop;
    return failures == 0 ? 0 : 1;
});

var root = new RootCommand("The kernel connector's userspace sample, done with KernelConnector.") { serve, ask };
try
{
    return await root.Parse(args).InvokeAsync();
}
catch (ConnectorUnavailableException e)
{
    Console.Error.WriteLine($"ucon: {e.Message}");
    return 3;
}
