using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>
/// The process agent's first scrape: every series the documentation lists, and no other, with the
/// loss counters and a quiet scope at 0, so that <c>rate()</c> and alerts work before the first loss.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed partial class ProcessAgentMetricsTests
{
    /// <summary>The values of <c>kernelconnector_event_kind</c> (docs/hosting.md's instruments table).</summary>
    private static readonly string[] Kinds = ["fork", "exec", "uid", "gid", "sid", "ptrace", "comm", "coredump", "exit", "other"];

    [Fact]
    public async Task The_first_scrape_has_every_documented_series_and_the_loss_counters_at_0()
    {
        KernelRequirement.Require();
        var port = PrometheusServer.FreePort();
        var directory = Directory.CreateTempSubdirectory("process-agent-metrics-").FullName;
        try
        {
            // A scope of a cgroup that does not exist: its counters stay 0 for as long as the test runs.
            var scope = "quiet-" + Guid.NewGuid().ToString("N")[..8];
            using var agent = BackgroundProcess.Start("dotnet",
                [Repository.SampleAssembly("ProcessAgent"), "--port", port.ToString(CultureInfo.InvariantCulture), $"--ProcessAgent:Scopes:{scope}:Cgroups:0", "/" + scope],
                directory, "agent");
            await agent.WaitForAsync(() => agent.Stdout.Contains("Listening to process events", StringComparison.Ordinal), "the agent to listen");

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var samples = Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), TestContext.Current.CancellationToken));
            await agent.InterruptAsync();
            Assert.Equal(0, agent.ExitCode);

            Assert.Equal(DocumentedSeries().Order(StringComparer.Ordinal), samples.Select(s => s.Name).Distinct().Order(StringComparer.Ordinal));
            Assert.Equal(0, Assert.Single(samples, s => s.Name == "kernelconnector_process_events_lost_total").Value);
            Assert.Equal(0, Assert.Single(samples, s => s.Name == "kernelconnector_process_resynchronizations_total").Value);
            Assert.Equal(0, Assert.Single(samples, s => s.Name == "kernelconnector_messages_lost_total").Value);
            Assert.Equal(0, Assert.Single(samples, s => s.Name == "kernelconnector_overruns_total").Value);
            Assert.Equal(Kinds.Order(StringComparer.Ordinal), samples.Where(s => s.Name == "kernelconnector_process_events_total").Select(s => s.Labels["kernelconnector_event_kind"]).Order(StringComparer.Ordinal));

            var scoped = samples.Where(s => s.Name == "processagent_scope_events_total").ToList();
            Assert.All(scoped, s => Assert.Equal(scope, s.Labels["processagent_scope"]));
            Assert.Equal(Kinds.Order(StringComparer.Ordinal), scoped.Select(s => s.Labels["kernelconnector_event_kind"]).Order(StringComparer.Ordinal));
            Assert.All(scoped, s => Assert.Equal(0, s.Value));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The series names of docs/process-agent.md's "What Prometheus sees" table.</summary>
    private static IEnumerable<string> DocumentedSeries()
    {
        var document = File.ReadAllText(Path.Combine(Repository.Root, "docs", "process-agent.md"));
        var section = document[document.IndexOf("## What Prometheus sees", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var names = DocumentedRow().Matches(section).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(names);
        return names;
    }

    /// <summary>Each sample of the Prometheus text format: name, labels, value.</summary>
    private static List<(string Name, Dictionary<string, string> Labels, double Value)> Parse(string text) =>
    [
        .. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => !line.StartsWith('#')).Select(line =>
        {
            var sample = Sample().Match(line);
            Assert.True(sample.Success, $"not a sample: {line}");
            var labels = Label().Matches(sample.Groups[2].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value);
            return (sample.Groups[1].Value, labels, double.Parse(sample.Groups[3].Value, CultureInfo.InvariantCulture));
        }),
    ];

    [GeneratedRegex(@"^\| `([a-z_]+)[{`]", RegexOptions.Multiline)]
    private static partial Regex DocumentedRow();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
