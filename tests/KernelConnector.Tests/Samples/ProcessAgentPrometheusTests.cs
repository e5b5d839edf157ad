using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Tests.ProcessEvents.Truth;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>
/// The process agent scraped by a real Prometheus server: a known number of processes run, and
/// Prometheus's query API must show the agent's counters rising by exactly that many.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ProcessAgentPrometheusTests
{
    private const int Processes = 200;

    [Fact]
    public async Task Prometheus_sees_the_counters_of_a_scope_rise_by_exactly_the_processes_run_in_it()
    {
        KernelRequirement.Require();
        PrometheusServer.Require();

        // The scope is a cgroup of this test's own: nothing else on the machine runs in it, so
        // the machine's other activity cannot reach its counters.
        var scope = "kc-agent-" + Guid.NewGuid().ToString("N")[..12];
        var group = Path.Combine(ProcMonitorTruthTests.Cgroup2Mount(), scope);
        var directory = Directory.CreateTempSubdirectory("process-agent-test-").FullName;
        Directory.CreateDirectory(group);
        Process? holder = null;
        try
        {
            var agentPort = PrometheusServer.FreePort();
            using var agent = BackgroundProcess.Start("dotnet",
                [Repository.SampleAssembly("ProcessAgent"), "--port", agentPort.ToString(System.Globalization.CultureInfo.InvariantCulture), $"--ProcessAgent:Scopes:{scope}:Cgroups:0", "/" + scope],
                directory, "agent");
            using var prometheus = PrometheusServer.Start("agent", agentPort);
            await agent.WaitForAsync(() => agent.Stdout.Contains("Listening to process events", StringComparison.Ordinal), "the agent to listen");
            await prometheus.WaitForAsync("up{job=\"agent\"}", r => r.Count == 1 && r[0].Value == 1, "Prometheus to scrape the agent");
            var query = $"processagent_scope_events_total{{processagent_scope=\"{scope}\"}}";
            // Every kind of the scope is there from the first scrape, at 0.
            var quiet = await prometheus.QueryAsync(query);
            Assert.NotEmpty(quiet);
            Assert.All(quiet, s => Assert.Equal(0, s.Value));

            // A subshell (a fork, no exec: nothing in /proc to race) moves itself into the cgroup,
            // then executes a shell that waits for the word to go. That exec is the scope's first
            // event; the agent reads the cgroup while the shell waits, so it cannot miss it.
            holder = Process.Start(new ProcessStartInfo("/bin/sh")
            {
                ArgumentList =
                {
                    "-c",
                    "( read -r pid rest < /proc/self/stat; echo \"$pid\" > \"$1/cgroup.procs\"; "
                        + $"exec /bin/sh -c 'read go; i=0; while [ $i -lt {Processes} ]; do /bin/true; i=$((i+1)); done' ); true",
                    "sh", group,
                },
                RedirectStandardInput = true,
                UseShellExecute = false,
            })!;
            await prometheus.WaitForAsync(query, r => Count(r, "exec") == 1, "the shell's exec in the scope");
            var machineBefore = Count(await prometheus.QueryAsync("kernelconnector_process_events_total"), "exec");

            await holder.StandardInput.WriteLineAsync("go");
            holder.StandardInput.Close();
            await holder.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, holder.ExitCode);

            // The shell's exit is the scope's last event: once it is counted, every event is.
            var counted = await prometheus.WaitForAsync(query, r => Count(r, "exit") >= Processes + 1, "the shell's exit in the scope");
            Assert.Equal(Processes, Count(counted, "fork"));
            Assert.Equal(Processes + 1, Count(counted, "exec"));
            Assert.Equal(Processes + 1, Count(counted, "exit"));
            Assert.Equal(["exec", "exit", "fork"], counted.Where(s => s.Value != 0).Select(s => s.Labels["kernelconnector_event_kind"]).Order(StringComparer.Ordinal));

            // The machine-wide counter rose by those and whatever else ran meanwhile.
            var machineAfter = Count(await prometheus.QueryAsync("kernelconnector_process_events_total"), "exec");
            Assert.True(machineAfter - machineBefore >= Processes, $"the machine's execs rose by {machineAfter - machineBefore}");

            await agent.InterruptAsync();
            Assert.Equal(0, agent.ExitCode);
            Assert.Contains("Stopped listening to process events", agent.Stdout, StringComparison.Ordinal);
            Assert.Equal("", agent.Stderr);
        }
        finally
        {
            if (holder is { HasExited: false })
            {
                holder.Kill(entireProcessTree: true);
                await holder.WaitForExitAsync();
            }

            holder?.Dispose();
            Directory.Delete(group);
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double Count(IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)> result, string kind) =>
        result.Where(s => s.Labels.GetValueOrDefault("kernelconnector_event_kind") == kind).Sum(s => s.Value);
}
