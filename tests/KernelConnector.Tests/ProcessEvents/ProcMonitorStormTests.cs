using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents;

/// <summary>
/// The product's main job against the kernel: while a storm of short-lived processes runs,
/// ProcMonitor must report the fork, exec and exit of every one of them, with no loss, and so must
/// forkstat watching the same storm. The truth is the storm's own list of the children it forked;
/// pids are compared as multisets, walking events in order, so a pid the kernel reuses during the
/// storm counts once per process that had it.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ProcMonitorStormTests
{
    private static int StormSize =>
        int.TryParse(Environment.GetEnvironmentVariable("KERNELCONNECTOR_STORM_SIZE"), out var n) && n > 0 ? n : 20000;

    [Fact]
    public async Task ProcMonitor_reports_every_fork_exec_and_exit_of_a_storm_alongside_forkstat()
    {
        KernelRequirement.Require();
        var output = TestContext.Current.TestOutputHelper!;
        var storm = await Truth.Programs.StormAsync();
        var monitorDll = Repository.SampleAssembly("ProcMonitor");
        var forkstatPath = FindForkstat();

        var work = Directory.CreateTempSubdirectory("kc-storm-").FullName;

        // Every kind of event, so that no kernel filter applies and every event of the machine
        // arrives: then a gap in the kernel's per-CPU numbering is a real loss, and counted.
        using var monitor = BackgroundProcess.Start("dotnet", [monitorDll, "--json"], work, "procmonitor");
        using var forkstat = BackgroundProcess.Start(forkstatPath, ["-S", "-l", "-e", "fork,exec,exit"], work, "forkstat");

        await monitor.WaitForAsync(() => monitor.Stderr.Contains("listening", StringComparison.Ordinal), "ProcMonitor to subscribe");
        await forkstat.WaitForAsync(() => forkstat.Stdout.Contains("Time", StringComparison.Ordinal), "forkstat to start");

        var run = await ProcessRunner.RunAsync(storm, [StormSize.ToString(CultureInfo.InvariantCulture)], work, timeout: TimeSpan.FromMinutes(10));
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var stormPid = int.Parse(lines[0], CultureInfo.InvariantCulture);
        var children = lines.Skip(1).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        var truth = children.Order().ToArray();
        Assert.Equal(StormSize, truth.Length);

        // Both must drain the tail of the storm: wait until each has reported the exit of every
        // child (what is asserted below), then stop them.
        await monitor.WaitForAsync(() => ParseJson(monitor.StdoutPath, stormPid).Exits.Count >= StormSize, "ProcMonitor to report every exit", TimeSpan.FromMinutes(2), failOnTimeout: false);
        await forkstat.WaitForAsync(() => ParseForkstat(forkstat.StdoutPath, children).Exits.LastOrDefault() == children[^1], "forkstat to report the last child's exit", TimeSpan.FromMinutes(2), failOnTimeout: false);
        var monitorCpu = monitor.CpuSeconds();
        var forkstatCpu = forkstat.CpuSeconds();
        await monitor.InterruptAsync();
        await forkstat.InterruptAsync();

        var ours = ParseJson(monitor.StdoutPath, stormPid);
        var theirs = ParseForkstat(forkstat.StdoutPath, children);
        var statistics = monitor.Stderr;
        output.WriteLine($"storm of {StormSize} processes (pid {stormPid}, {truth.Distinct().Count()} distinct pids)");
        output.WriteLine($"ProcMonitor --json: fork {ours.Forks.Count}, exec {ours.Execs.Count}, exit {ours.Exits.Count}, CPU {monitorCpu:0.00}s");
        output.WriteLine($"forkstat:           fork {theirs.Forks.Count}, exec {theirs.Execs.Count}, exit {theirs.Exits.Count}, CPU {forkstatCpu:0.00}s");
        output.WriteLine(statistics);

        // Every check is made and every failure reported together.
        var problems = new List<string>();
        void Same(string what, IEnumerable<int> reported)
        {
            var sorted = reported.Order().ToArray();
            if (!sorted.SequenceEqual(truth))
            {
                var missing = truth.Except(sorted).Take(10);
                var extra = sorted.Except(truth).Take(10);
                problems.Add($"{what}: {sorted.Length} reported for {truth.Length} children; missing e.g. [{string.Join(", ", missing)}], not a child e.g. [{string.Join(", ", extra)}]");
            }
        }

        Same("ProcMonitor forks", ours.Forks);
        Same("ProcMonitor execs", ours.Execs);
        Same("ProcMonitor exits", ours.Exits);

        // forkstat can lose events under load (it reports what it lost only as a gap): every storm
        // event it did report must be one ProcMonitor reported too, pid for pid.
        void Covers(string what, List<int> monitor, List<int> reference)
        {
            var remaining = monitor.GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
            var notInMonitor = new List<int>();
            foreach (var pid in reference)
            {
                if (remaining.TryGetValue(pid, out var n) && n > 0)
                {
                    remaining[pid] = n - 1;
                }
                else
                {
                    notInMonitor.Add(pid);
                }
            }

            if (notInMonitor.Count > 0)
            {
                problems.Add($"{what}: forkstat reported {notInMonitor.Count} the monitor did not, e.g. [{string.Join(", ", notInMonitor.Take(10))}]");
            }
        }

        Covers("forks", ours.Forks, theirs.Forks);
        Covers("execs", ours.Execs, theirs.Execs);
        Covers("exits", ours.Exits, theirs.Exits);
        if (theirs.Exits.Count == 0)
        {
            problems.Add("forkstat reported no exit of the storm: the comparison would compare nothing");
        }

        foreach (var line in new[] { "lost (sequence gaps) 0", "receive overruns     0", "malformed            0", "spoofed              0", "filter               None" })
        {
            // "filter None": no kernel filter, so gap counting is on and "lost 0" means something.
            // ("dropped by reader" is not checked: ProcMonitor takes events in a callback, which never drops.)
            if (!statistics.Split('\n').Any(l => l.TrimEnd() == line))
            {
                problems.Add($"ProcMonitor's statistics lack the line '{line}'");
            }
        }

        if (monitor.ExitCode != 0)
        {
            problems.Add($"ProcMonitor exited with code {monitor.ExitCode}");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Directory.Delete(work, recursive: true);
    }

    private sealed record Reported(List<int> Forks, List<int> Execs, List<int> Exits);

    private static string FindForkstat()
    {
        foreach (var candidate in new[] { "/usr/bin/forkstat", "/usr/sbin/forkstat", "/usr/local/bin/forkstat" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        // The comparison is part of the test: it fails without forkstat (CI installs it).
        Assert.Fail("forkstat is not installed (apt-get install forkstat); the storm comparison needs it.");
        return "";
    }

    /// <summary>
    /// Follows the storm's children through the events in order: a fork by the storm makes a pid a
    /// child until its exit, so a pid used again later (by a child or anything else) is told apart.
    /// </summary>
    private sealed class Children(int stormPid)
    {
        private readonly HashSet<int> _live = [];

        public Reported Reported { get; } = new([], [], []);

        public void Fork(int parentTgid, int child)
        {
            if (parentTgid == stormPid && _live.Add(child))
            {
                Reported.Forks.Add(child);
            }
        }

        public void Exec(int tgid)
        {
            if (_live.Contains(tgid))
            {
                Reported.Execs.Add(tgid);
            }
        }

        public void Exit(int tgid)
        {
            if (_live.Remove(tgid))
            {
                Reported.Exits.Add(tgid);
            }
        }
    }

    private static Reported ParseJson(string file, int stormPid)
    {
        var children = new Children(stormPid);
        foreach (var line in ReadLines(file))
        {
            if (line.Length == 0 || line[0] != '{' || line[^1] != '}')
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var tgid = root.GetProperty("tgid").GetInt32();
            switch (root.GetProperty("event").GetString())
            {
                case "fork":
                    children.Fork(root.GetProperty("parent_tgid").GetInt32(), tgid);
                    break;
                case "exec":
                    children.Exec(tgid);
                    break;
                case "exit":
                    children.Exit(tgid);
                    break;
            }
        }

        return children.Reported;
    }

    /// <summary>
    /// forkstat's lines: "fork &lt;parent&gt; parent", "fork &lt;child&gt; child", "exec &lt;pid&gt;", "exit &lt;pid&gt;".
    /// Under load forkstat sometimes prints pid 0 for a parent it could not resolve, and it can lose
    /// events, so its lines are matched to the storm's children in the storm's own order: the storm
    /// forks a child only after the previous one exited, so an event of the next children's pids
    /// after the current child belongs to them (a pid reused later is told apart by that order).
    /// </summary>
    private static Reported ParseForkstat(string file, int[] childrenInOrder)
    {
        const int Lookahead = 64;
        var reported = new Reported([], [], []);
        var current = -1;
        var exited = true;
        foreach (var line in ReadLines(file))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || parts[1] is not ("fork" or "exec" or "exit") || (parts[1] == "fork" && (parts.Length < 4 || parts[3] != "child")))
            {
                continue;
            }

            if (current < 0 || pid != childrenInOrder[current] || exited)
            {
                var next = Array.IndexOf(childrenInOrder, pid, current + 1, Math.Min(Lookahead, childrenInOrder.Length - current - 1));
                if (next < 0)
                {
                    continue;
                }

                current = next;
                exited = false;
            }

            switch (parts[1])
            {
                case "fork":
                    reported.Forks.Add(pid);
                    break;
                case "exec":
                    reported.Execs.Add(pid);
                    break;
                default:
                    reported.Exits.Add(pid);
                    exited = true;
                    break;
            }
        }

        return reported;
    }

    private static IEnumerable<string> ReadLines(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}
