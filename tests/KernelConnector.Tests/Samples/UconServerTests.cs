using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Testing;
using Ucon;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>
/// Ucon's server in memory: its own count of what it served, and a reply that cannot be sent said
/// on stderr (once per kind) and counted, never dropped without a word.
/// </summary>
public sealed class UconServerTests
{
    private const uint Group = 12;

    [Fact]
    public async Task Two_requesters_numbering_their_requests_alike_are_served_as_first_and_second()
    {
        using var connector = new InMemoryConnector();
        await using var first = connector.Open();
        await using var second = connector.Open();
        var (output, error, server) = await ServeAsync(connector, stopAfter: 2, () =>
        {
            first.Send(new UconRequest { Operation = UconOperation.Echo, Number = 1 }, ConnectorAddress.Group(Group), "a"u8);
            second.Send(new UconRequest { Operation = UconOperation.Upper, Number = 1 }, ConnectorAddress.Group(Group), "b"u8);
        });

        Assert.Equal(
            [
                $"served #1: request #1 from port {first.PortId}: Echo \"a\"",
                $"served #2: request #1 from port {second.PortId}: Upper \"b\"",
            ],
            Lines(output));
        Assert.Empty(error.ToString());
        Assert.Equal(2u, server.Served);
        Assert.Equal(0, server.NotSent);
    }

    [Fact]
    public async Task Replies_to_a_requester_that_is_gone_are_said_once_and_counted()
    {
        using var connector = new InMemoryConnector();
        var gone = connector.Open();
        var gonePort = gone.PortId;
        await using var present = connector.Open();
        var (output, error, server) = await ServeAsync(connector, stopAfter: 3, () =>
        {
            gone.Send(new UconRequest { Operation = UconOperation.Echo, Number = 1 }, ConnectorAddress.Group(Group), "x"u8);
            gone.Send(new UconRequest { Operation = UconOperation.Echo, Number = 2 }, ConnectorAddress.Group(Group), "y"u8);
            gone.Dispose();   // before the server reads: both replies go to a port nobody is bound to
            present.Send(new UconRequest { Operation = UconOperation.Echo, Number = 7 }, ConnectorAddress.Group(Group), "z"u8);
        });

        var line = Assert.Single(Lines(error));
        Assert.Equal($"ucon: could not reply to request #1 from port {gonePort}: No endpoint is bound to port {gonePort}. (further failures like this are counted, not shown)", line);
        Assert.Equal([$"served #1: request #7 from port {present.PortId}: Echo \"z\""], Lines(output));
        Assert.Equal(1u, server.Served);
        Assert.Equal(2, server.NotSent);
    }

    /// <summary>Sends what <paramref name="send"/> sends before the server reads, then serves until it stops by itself.</summary>
    private static async Task<(StringWriter Output, StringWriter Error, Server Server)> ServeAsync(InMemoryConnector connector, int stopAfter, Action send)
    {
        await using var endpoint = connector.Open(new ConnectorEndpointOptions { Groups = [Group] });
        using var stop = new CancellationTokenSource();
        var output = new StringWriter();
        var error = new StringWriter();
        var server = new Server(endpoint, stopAfter, stop, output, error);
        send();
        await endpoint.RunAsync(server, stop.Token).WaitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, endpoint.Statistics.CallbackErrors);
        return (output, error, server);
    }

    private static string[] Lines(StringWriter writer) =>
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}
