using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using ProcessAgent;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>
/// Every <c>--listen</c> form the agent accepts, started for real and scraped over HTTP on the
/// addresses it must answer on; the forms it cannot serve are refused in one line.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ProcessAgentListenTests
{
    public static TheoryData<string> Addresses()
    {
        // Loopback, every address, and each of this host's own IPv4 addresses besides loopback.
        var data = new TheoryData<string> { "127.0.0.1", "0.0.0.0" };
        foreach (var address in HostAddresses().Where(a => !IPAddress.IsLoopback(a)))
        {
            data.Add(address.ToString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Addresses))]
    public async Task The_agent_serves_its_metrics_on_the_address_it_is_told(string listen)
    {
        KernelRequirement.Require();
        var port = PrometheusServer.FreePort();
        var directory = Directory.CreateTempSubdirectory("process-agent-listen-").FullName;
        using var agent = BackgroundProcess.Start("dotnet",
            [Repository.SampleAssembly("ProcessAgent"), "--listen", listen, "--port", port.ToString(CultureInfo.InvariantCulture)],
            directory, "agent");
        await agent.WaitForAsync(() => agent.Stdout.Contains("Listening to process events", StringComparison.Ordinal), "the agent to listen");

        // 0.0.0.0 is every IPv4 address of the host: loopback and the others alike.
        var scraped = listen == "0.0.0.0" ? HostAddresses() : [IPAddress.Parse(listen)];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var address in scraped)
        {
            var body = await http.GetStringAsync(new Uri($"http://{address}:{port}/metrics"), TestContext.Current.CancellationToken);
            Assert.Contains("kernelconnector_process_live{", body, StringComparison.Ordinal);
        }

        await agent.InterruptAsync();
        Assert.Equal(ExitCodes.Success, agent.ExitCode);
    }

    [Theory]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("localhost")]
    public async Task An_address_the_endpoint_cannot_listen_on_is_refused_in_one_line(string listen)
    {
        var result = await ProcessAgentCliTests.RunAsync("--listen", listen, "--port", PrometheusServer.FreePort().ToString(CultureInfo.InvariantCulture));
        ProcessAgentCliTests.AssertRefused(result, ExitCodes.Configuration,
            $"ProcessAgent:Listen must be an IPv4 address of this host, or 0.0.0.0 for every one (the Prometheus endpoint cannot listen on IPv6 or a host name), not '{listen}'");
    }

    private static List<IPAddress> HostAddresses() =>
    [
        .. NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork)
            .Distinct(),
    ];
}
