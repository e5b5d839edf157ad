using System;
using System.IO;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents;

/// <summary>Where the kernel cannot deliver process events, ProcMonitor says what is missing, briefly, and exits non-zero.</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ProcMonitorErrorTests
{
    [Fact]
    public async Task Outside_the_initial_network_namespace_it_explains_instead_of_waiting_forever()
    {
        KernelRequirement.Require();
        if (!File.Exists("/usr/bin/unshare"))
        {
            Assert.Fail("unshare (util-linux) is needed to run ProcMonitor in a new network namespace.");
        }

        var result = await ProcessRunner.RunAsync("/usr/bin/unshare", ["--net", "dotnet", Repository.SampleAssembly("ProcMonitor"), "--duration", "30"], Path.GetTempPath(), timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("procmonitor: The kernel connector does not answer in this network namespace", result.Output, StringComparison.Ordinal);
        Assert.Contains("initial network namespace", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_event_name_is_refused_with_the_names_it_knows()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [Repository.SampleAssembly("ProcMonitor"), "--events", "fork,spawn"], Path.GetTempPath(), timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown event 'spawn'", result.Output, StringComparison.Ordinal);
        Assert.Contains("exec", result.Output, StringComparison.Ordinal);
    }
}
