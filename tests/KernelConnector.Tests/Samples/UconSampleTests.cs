using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
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
}
