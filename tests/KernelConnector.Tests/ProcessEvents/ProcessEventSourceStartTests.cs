using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;
using KernelConnector.Testing;
using KernelConnector.Tests.Support;
using KernelConnector.Transport;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents;

/// <summary>
/// The calls a user writes first, as written: options given as a target-typed <c>new()</c> pick
/// the overload that opens its own socket, and still pick the endpoint overload after an endpoint.
/// Until <c>StartAsync&lt;TEndpoint&gt;</c> the first of these lines did not compile (CS0121);
/// ProcessEventSourceStartOverloadTests compiles them in each C# version.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ProcessEventSourceStartTests
{
    [Fact]
    public async Task Options_written_as_new_open_a_socket_and_deliver_the_kinds_asked_for()
    {
        KernelRequirement.Require();
        await using var source = await ProcessEventSource.StartAsync(new() { Events = ProcEventKind.Exec });

        Assert.IsType<ConnectorSocket>(source.Endpoint);
        await ProcessRunner.RunAsync("/bin/true", [], Path.GetTempPath());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var ev in source.ReadAllAsync(timeout.Token))
        {
            // Every kind but exec is filtered out: the first event is an exec (of /bin/true or
            // another program), never the fork or the exit that came with it.
            Assert.Equal(ProcEventKind.Exec, ev.What);
            break;
        }
    }

    [Fact]
    public async Task Options_written_as_new_after_an_endpoint_start_on_that_endpoint()
    {
        using var connector = new InMemoryConnector();
        connector.AddKernelCallback((in ReceivedConnectorMessage<ProcMulticastRequest> m, KernelReplyContext reply) =>
            reply.Reply(new ProcEvent { What = ProcEventKind.None }, ConnectorAddress.Group(1), seq: 1));
        await using var endpoint = connector.Open();
        await using var source = await ProcessEventSource.StartAsync(endpoint, new() { Events = ProcEventKind.Exit }, TestContext.Current.CancellationToken);
        Assert.Same(endpoint, source.Endpoint);
    }
}
