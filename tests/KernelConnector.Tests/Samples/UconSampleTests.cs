using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using KernelConnector.Transport;
using Ucon;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>The Ucon sample's two processes, talking through the real kernel connector.</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class UconSampleTests
{
    // A group of its own, so that no other test's traffic reaches this server.
    private const string Group = "27";

    [Fact]
    public async Task Client_gets_a_reply_to_every_request_from_the_server_process()
    {
        KernelRequirement.Require();
        var ucon = Repository.SampleAssembly("Ucon");
        var work = Directory.CreateTempSubdirectory("kc-ucon-").FullName;
        using var server = BackgroundProcess.Start("dotnet", [ucon, "serve", "--group", Group, "--count", "3"], work, "server");
        await server.WaitForAsync(() => server.Stderr.Contains("serving", StringComparison.Ordinal), "the server to join its group");

        var client = await ProcessRunner.RunAsync("dotnet", [ucon, "ask", "--group", Group, "--count", "3", "--op", "upper", "hello", "connector"], work, timeout: TimeSpan.FromMinutes(1));
        Assert.True(client.ExitCode == 0, client.ToString());
        var replies = client.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("reply", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, replies.Length);
        for (var i = 0; i < 3; i++)
        {
            Assert.StartsWith($"reply #{i + 1} from pid {server.Id} ", replies[i], StringComparison.Ordinal);
            Assert.Contains($"served {i}, error 0): HELLO CONNECTOR", replies[i], StringComparison.Ordinal);
        }

        // The server stops by itself after three requests and says what it did.
        await server.WaitForExitAsync();
        Assert.Equal(0, server.ExitCode);
        Assert.Equal(3, server.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("served #", StringComparison.Ordinal)));
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task A_server_whose_replies_cannot_be_sent_says_so_once_and_exits_1()
    {
        // The requester's socket is closed before the server reads its requests: the server is
        // stopped (SIGSTOP) while they are sent, so the kernel refuses both replies (no socket has
        // that port any more), deterministically.
        KernelRequirement.Require();
        const string group = "25";
        var ucon = Repository.SampleAssembly("Ucon");
        var work = Directory.CreateTempSubdirectory("kc-ucon-gone-").FullName;
        using var server = BackgroundProcess.Start("dotnet", [ucon, "serve", "--group", group, "--count", "2"], work, "server");
        await server.WaitForAsync(() => server.Stderr.Contains("serving", StringComparison.Ordinal), "the server to join its group");

        await Signal("STOP", server.Id);
        uint port;
        await using (var requester = ConnectorSocket.Open())
        {
            port = requester.PortId;
            requester.Send(new UconRequest { Operation = UconOperation.Echo, Number = 1 }, ConnectorAddress.Group(uint.Parse(group, System.Globalization.CultureInfo.InvariantCulture)), "x"u8);
            requester.Send(new UconRequest { Operation = UconOperation.Echo, Number = 2 }, ConnectorAddress.Group(uint.Parse(group, System.Globalization.CultureInfo.InvariantCulture)), "y"u8);
        }

        await Signal("CONT", server.Id);
        await server.WaitForExitAsync();
        Assert.True(server.ExitCode == 1, $"exit code {server.ExitCode}; stderr: {server.Stderr}");
        Assert.DoesNotContain("   at ", server.Stderr, StringComparison.Ordinal);
        var lines = server.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains("serving", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"ucon: could not reply to request #1 from port {port}: ", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("(further failures like this are counted, not shown)", lines[0], StringComparison.Ordinal);
        Assert.Equal("ucon: served 0 requests; 2 replies could not be sent", lines[1]);
        Assert.Empty(server.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Directory.Delete(work, recursive: true);
    }

    private static async Task Signal(string signal, int pid)
    {
        var result = await ProcessRunner.RunAsync("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], Path.GetTempPath());
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
