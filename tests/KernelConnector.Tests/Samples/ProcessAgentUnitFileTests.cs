using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using ProcessAgent;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>The systemd unit shipped with the process agent: valid to systemd, and as unprivileged as process events allow.</summary>
public sealed class ProcessAgentUnitFileTests
{
    private const string SystemdAnalyze = "/usr/bin/systemd-analyze";

    private static readonly string Unit = Path.Combine(Repository.Root, "samples", "ProcessAgent", "processagent.service");

    private static string[] Settings() => [.. File.ReadAllLines(Unit).Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('['))];

    /// <summary>The unit as shipped, with ExecStart pointing at the built program (systemd checks that it exists).</summary>
    private static string BuiltCopy(string directory)
    {
        var program = Path.Combine(Path.GetDirectoryName(Repository.SampleAssembly("ProcessAgent"))!, "ProcessAgent");
        var copy = Path.Combine(directory, "processagent.service");
        File.WriteAllLines(copy, File.ReadAllLines(Unit).Select(l => l.StartsWith("ExecStart=", StringComparison.Ordinal) ? "ExecStart=" + program : l));
        return copy;
    }

    [Fact]
    public async Task Systemd_verifies_the_unit_without_a_word_and_rates_its_exposure_at_most_2_5()
    {
        ToolRequirement.Require(SystemdAnalyze, "systemd");
        var directory = Directory.CreateTempSubdirectory("process-agent-unit-").FullName;
        try
        {
            var copy = BuiltCopy(directory);

            // Silence is the pass: an unknown key is only a warning to systemd, and a warning here is a failure.
            var verify = await ProcessRunner.RunAsync(SystemdAnalyze, ["verify", copy], directory);
            Assert.True(verify.ExitCode == 0 && verify.Output.Length == 0, verify.ToString());

            // systemd's own rating of the sandbox (0 is the most locked-down, 10 none at all).
            var security = await ProcessRunner.RunAsync(SystemdAnalyze, ["security", "--offline=yes", "--threshold=25", copy], directory);
            Assert.True(security.ExitCode == 0, security.ToString());
            Assert.Matches(@"Overall exposure level for processagent\.service: [0-2]\.\d OK", security.Output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void It_runs_as_a_dynamic_user_with_CAP_NET_ADMIN_only_and_keeps_what_process_events_need()
    {
        var settings = Settings();
        Assert.Contains("DynamicUser=yes", settings);
        Assert.Contains("AmbientCapabilities=CAP_NET_ADMIN", settings);
        Assert.Contains("CapabilityBoundingSet=CAP_NET_ADMIN", settings);
        Assert.Contains("NoNewPrivileges=yes", settings);
        Assert.Contains("ProtectSystem=strict", settings);
        Assert.Contains("Type=notify", settings);

        // Process events reach only the initial network and user namespaces, and the agent reads
        // every user's /proc/<pid>: these would silence it.
        Assert.DoesNotContain(settings, s => s.StartsWith("PrivateNetwork=yes", StringComparison.Ordinal) || s.StartsWith("PrivateUsers=yes", StringComparison.Ordinal));
        Assert.Contains("ProtectProc=default", settings);
        Assert.Contains("ProcSubset=all", settings);
        Assert.Contains(settings, s => s.StartsWith("RestrictAddressFamilies=", StringComparison.Ordinal) && s.Contains("AF_NETLINK", StringComparison.Ordinal));
    }

    [Fact]
    public void A_refusal_is_not_restarted_and_a_failure_is()
    {
        var settings = Settings();
        Assert.Contains("Restart=on-failure", settings);
        var prevent = settings.Single(s => s.StartsWith("RestartPreventExitStatus=", StringComparison.Ordinal));
        Assert.Equal(
            [ExitCodes.Configuration, ExitCodes.Unavailable, ExitCodes.PermissionDenied, ExitCodes.EndpointUnavailable],
            prevent["RestartPreventExitStatus=".Length..].Split(' ').Select(int.Parse));
    }
}
