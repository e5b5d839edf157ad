using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;
using KernelConnector.Tests.ProcessEvents.Truth;
using KernelConnector.Tests.Shared;
using KernelConnector.Tests.Support;
using ProcMonitor;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>ProcMonitor's command line: one line and one documented exit code for every refusal, never a stack trace.</summary>
public sealed class ProcMonitorCliTests
{
    private static Task<ProcessRunner.Result> RunAsync(params string[] arguments) => SampleCli.RunAsync("ProcMonitor", arguments);

    private static void AssertRefused(ProcessRunner.Result result, int exitCode, string reason) =>
        SampleCli.AssertRefused(result, "procmonitor", exitCode, reason);

    [Theory]
    [InlineData("too long", "--duration", "99999999999")]
    [InlineData("not a duration", "-d", "soon")]
    [InlineData("unknown event 'spawn'", "--events", "fork,spawn")]
    [InlineData("'abc' is not a pid", "--pid", "abc")]
    [InlineData("'-3' is not a pid", "--pid=-3")]
    [InlineData("--bogus", "--bogus")]
    [InlineData("Required argument missing for option: '--duration'", "--duration")]
    [InlineData("Unrecognized command or argument 'stray'", "stray")]
    [InlineData("'40' is not a priority boost: a whole number from 0 to 39", "--priority-boost", "40")]
    [InlineData("'-1' is not a priority boost", "--priority-boost=-1")]
    [InlineData("'high' is not a priority boost", "--priority-boost", "high")]
    [InlineData("the batch delay '2s' is too long: at most 1s (--batch-delay)", "--batch-delay", "2s")]
    [InlineData("the batch delay '99999999999' is too long: at most 1s (--batch-delay)", "--batch-delay", "99999999999")]
    [InlineData("'soon' is not a batch delay (try 0, 10ms, 250ms, 1s) (--batch-delay)", "--batch-delay=soon")]
    [InlineData("'-5ms' is not a batch delay (try 0, 10ms, 250ms, 1s) (--batch-delay)", "--batch-delay", "-5ms")]
    [InlineData("the batch delay must be 0 (none) or from 1ms to 1s, not '0.0' (--batch-delay)", "--batch-delay", "0.0")]
    [InlineData("the duration '49.8d' is too long (at most 49.7 days)", "-d", "49.8d")]
    [InlineData("'4294967296' is not a user: a name, or a uid from 0 to 4294967294 (--user)", "-u", "4294967296")]
    [InlineData("'-1' is not a user: a name, or a uid from 0 to 4294967294 (--user)", "--user=-1")]
    [InlineData("'' is not a user: a name, or a uid from 0 to 4294967294 (--user)", "--user=")]
    [InlineData("'nosuchuser' is not a user: no user of that name in the user database, and not a uid (--user)", "-u", "root", "-u", "nosuchuser")]
    [InlineData("'ro\\not' is not a user: no user of that name in the user database, and not a uid (--user)", "-u", "ro\not")]
    [InlineData("'Infinity' is not a duration (try 10, 500ms", "-d", "Infinity")]
    [InlineData("'NaN' is not a duration", "-d", "NaN")]
    [InlineData("no events selected", "-e", "")]
    [InlineData("no events selected", "-e", "exec", "-e", " ")]
    [InlineData("'' is not a pid (--pid)", "-p", "")]
    [InlineData("'' is not a pid (--pid)", "-p", "1,")]
    // A value given twice: the last counts, and the first is checked too.
    [InlineData("'soon' is not a duration", "-d", "soon", "-d", "5")]
    [InlineData("'8MB' is not a size", "--buffer", "8MB", "--buffer", "8M")]
    [InlineData("'99' is not a priority boost", "--priority-boost", "99", "--priority-boost", "1")]
    [InlineData("the batch delay '2s' is too long", "--batch-delay", "2s", "--batch-delay", "0")]
    public async Task Bad_command_lines_exit_2_with_one_line(string reason, params string[] arguments)
    {
        AssertRefused(await RunAsync(arguments), ExitCodes.Usage, reason);
    }

    [Fact]
    public async Task Version_prints_the_package_version_and_exits_0()
    {
        var result = await RunAsync("--version");
        Assert.Equal(0, result.ExitCode);
        // Every assembly of the repository is stamped with the one Version (Directory.Build.props),
        // this test assembly too.
        var version = typeof(ExitCodes).Assembly.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        Assert.Equal($"procmonitor {version}\n", result.Output);
        Assert.Matches(@"^\d+\.\d+\.\d+", version);
    }

    [Fact]
    public async Task Help_lists_exactly_the_event_names_it_accepts_and_the_exit_codes()
    {
        var result = await RunAsync("--help");
        Assert.Equal(0, result.ExitCode);
        var help = result.Output.Replace("\n", " ", StringComparison.Ordinal);
        foreach (var (name, _, meaning) in EventSelection.Names)
        {
            Assert.Contains($"{name} ({meaning})", help.Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.Contains("2 bad command line", help, StringComparison.Ordinal);
        Assert.Contains("4 not permitted", help, StringComparison.Ordinal);
    }
}

/// <summary>ProcMonitor's command line where it needs the kernel: pids, real-time scheduling, columns.</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ProcMonitorKernelCliTests
{
    private static Task<ProcessRunner.Result> RunAsync(params string[] arguments) => SampleCli.RunAsync("ProcMonitor", arguments);

    [Fact]
    public async Task A_pid_that_does_not_exist_is_refused_once_listening()
    {
        KernelRequirement.Require();
        var result = await RunAsync("--pid", "2147483000", "-d", "5");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.EndsWith("procmonitor: no process with pid 2147483000 (--pid)\n", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thread_id_given_as_a_pid_is_refused_with_its_process()
    {
        KernelRequirement.Require();

        // A thread of this test process that lives as long as it does (the runtime's first threads).
        var pid = Environment.ProcessId;
        var thread = Directory.GetDirectories($"/proc/{pid}/task").Select(t => int.Parse(Path.GetFileName(t), System.Globalization.CultureInfo.InvariantCulture)).Where(t => t != pid).Min();
        var result = await RunAsync("--pid", thread.ToString(System.Globalization.CultureInfo.InvariantCulture), "-d", "5");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.EndsWith($"procmonitor: {thread} is a thread of process {pid}, not a process: --pid {pid} follows it (--pid)\n", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--realtime", "procmonitor: real-time scheduling refused")]
    [InlineData("--priority-boost=4", "procmonitor: priority boost refused (errno 13): run as root or grant CAP_SYS_NICE")]
    public async Task Scheduling_refused_to_an_unprivileged_user_exits_4_with_one_line(string option, string line)
    {
        KernelRequirement.Require();

        // As nobody (setpriv drops root), which may listen on this kernel but not use SCHED_FIFO
        // or lower its nice value.
        var result = await Unprivileged.RunSampleAsync("ProcMonitor", option, "-d", "1");
        Assert.Equal(ExitCodes.PermissionDenied, result.ExitCode);
        Assert.StartsWith(line, Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_privilege_the_default_boost_is_dropped_with_one_line_and_listening_goes_on()
    {
        KernelRequirement.Require();
        var result = await Unprivileged.RunSampleAsync("ProcMonitor", "-d", "1");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var lines = result.Output.Split('\n');
        Assert.StartsWith("procmonitor: running without the default priority boost (errno 13", Assert.Single(lines, l => l.Contains("priority boost (", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("procmonitor: listening", StringComparison.Ordinal));
        Assert.Contains("priority boost       none", lines);

        // And told to run without it, it says nothing about it.
        var quiet = await Unprivileged.RunSampleAsync("ProcMonitor", "--priority-boost", "0", "-d", "1");
        Assert.Equal(ExitCodes.Success, quiet.ExitCode);
        Assert.DoesNotContain("priority boost (", quiet.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_default_the_receive_thread_alone_runs_four_nice_levels_above_the_process()
    {
        KernelRequirement.Require();
        foreach (var (arguments, boost) in new[] { (new[] { "--json" }, 4), (new[] { "--json", "--priority-boost", "9" }, 9), (new[] { "--json", "--priority-boost", "0" }, 0), (new[] { "--json", "--priority-boost", "39" }, 39) })
        {
            using var run = await MonitorRun.StartAsync("boost", arguments);
            // The boost is asked by the receive thread when it runs its first event.
            await ProcessRunner.RunAsync("/bin/true", [], run.Directory);
            await run.WaitForJsonAsync(l => l.GetProperty("event").GetString() == "exec", "an exec line");
            var pid = run.Process.Id;
            var nices = Directory.GetDirectories($"/proc/{pid}/task").Select(t => int.Parse(Path.GetFileName(t), System.Globalization.CultureInfo.InvariantCulture)).ToDictionary(t => t, t => ThreadNice.Of(pid, t));
            var own = nices[pid];
            var raised = nices.Where(t => t.Value != own).ToList();
            if (boost == 0)
            {
                Assert.Empty(raised);
            }
            else
            {
                // The kernel stops at -20, and the statistics say what was granted.
                Assert.Equal(Math.Max(-20, own - boost), Assert.Single(raised).Value);
            }

            // With --json the statistics go to stderr.
            var statistics = await run.StopAsync();
            var told = (boost, own) switch
            {
                (0, _) => "none",
                _ when own - boost < -20 => $"{boost} levels asked, {own + 20} granted (nice {own} -> -20, the strongest)",
                _ => $"{boost} levels, granted (nice {own} -> {own - boost})",
            };
            Assert.True(statistics.Contains($"priority boost       {told}\n", StringComparison.Ordinal), statistics);
        }
    }

    [Fact]
    public async Task By_default_events_other_than_execs_wait_up_to_10_ms_and_an_exec_rings_at_once()
    {
        KernelRequirement.Require();
        foreach (var (arguments, told) in new[]
        {
            (new[] { "--json" }, "batch delay          10 ms, woken at once by execs\n"),
            (new[] { "--json", "--batch-delay", "250ms" }, "batch delay          250 ms, woken at once by execs\n"),
            (new[] { "--json", "--batch-delay", "0" }, "batch delay          none\n"),
        })
        {
            using var run = await MonitorRun.StartAsync("delay", arguments);
            var hold = await Programs.HoldAsync();
            await ProcessRunner.RunAsync(hold, ["rung"], run.Directory);
            // Named by its command line whatever the delay: the exec was read when it rang.
            bool IsExec(System.Text.Json.JsonElement l) => l.GetProperty("event").GetString() == "exec" && l.GetProperty("process").GetProperty("args").EnumerateArray().Select(a => a.GetString()).SequenceEqual([hold, "rung"]);
            await run.WaitForJsonAsync(IsExec, "the exec line");
            var exec = run.JsonLines().First(IsExec);
            Assert.Equal("commandline", exec.GetProperty("process").GetProperty("name_source").GetString());
            var statistics = await run.StopAsync();
            // Before Linux 6.6 nothing can ring for execs alone; the delay is then not applied, and said so.
            Assert.Contains(ProcessEventSource.IsKernelFilterSupported || told.EndsWith("none\n", StringComparison.Ordinal)
                ? told
                : told.Replace("woken at once by execs", "not applied (the kernel cannot wake on execs alone)", StringComparison.Ordinal), statistics, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task When_the_reader_of_its_output_goes_away_it_stops_with_exit_0_and_no_trace()
    {
        KernelRequirement.Require();
        // `procmonitor | head -n 3` (its own threads' first events can fill head before it even
        // listens) and `procmonitor --json | grep -m 1 /bin/true` (a reader that leaves well after):
        // the next write finds the pipe closed. The shell reports ProcMonitor's own exit code.
        foreach (var (format, reader, lines, listened) in new[] { ("--extra", "head -n 3", 3, false), ("--json", "grep -m 1 -F /bin/true", 1, true) })
        {
            var work = Directory.CreateTempSubdirectory("kc-pipe-").FullName;
            try
            {
                using var pipeline = BackgroundProcess.Start(
                    "bash", ["-c", $"dotnet {Repository.SampleAssembly("ProcMonitor")} {format} 2>procmonitor.err | {reader} >reader.out; echo \"procmonitor exit ${{PIPESTATUS[0]}}\""], work, "pipeline");

                // Events for ProcMonitor to print until it notices; it must not outlive its reader by more than that.
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                while (!pipeline.HasExited && DateTime.UtcNow < deadline)
                {
                    await ProcessRunner.RunAsync("/bin/true", [], work);
                    await Task.Delay(100, TestContext.Current.CancellationToken);
                }

                Assert.True(pipeline.HasExited, $"ProcMonitor kept running after its reader ({reader}) left");
                var errors = File.ReadAllText(Path.Combine(work, "procmonitor.err"));
                Assert.True(pipeline.Stdout.Trim() == "procmonitor exit 0", $"{pipeline.Stdout.Trim()}; stderr:\n{errors}");
                Assert.Equal(lines, File.ReadAllLines(Path.Combine(work, "reader.out")).Length);
                if (listened)
                {
                    Assert.StartsWith("procmonitor: listening", errors, StringComparison.Ordinal);
                }
                else
                {
                    // Stopped before or after it said it listens, as quietly either way.
                    Assert.True(errors.Length == 0 || errors.StartsWith("procmonitor: listening", StringComparison.Ordinal), errors);
                }

                Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
                Assert.DoesNotContain("failure", errors, StringComparison.Ordinal);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("pid", "--pid --fork --mount-proc")]
    [InlineData("user", "--user --map-root-user")]
    public async Task In_another_pid_or_user_namespace_it_exits_3_at_once_with_one_line(string kind, string unshare)
    {
        KernelRequirement.Require();
        // The kernel ignores a subscription from there without a word; events another listener
        // subscribed to would still arrive, about processes /proc here does not show. With -d 2
        // the acknowledgement's time-out (5 s) would come too late: the run would end as a success.
        var run = await ProcessRunner.RunAsync("bash", ["-c", $"unshare {unshare} dotnet {Repository.SampleAssembly("ProcMonitor")} -d 2 >stdout.txt; echo \"exit $?\"; cat stdout.txt >&2"], Directory.CreateTempSubdirectory("kc-ns-").FullName, timeout: TimeSpan.FromMinutes(1));
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("procmonitor: running without the default priority boost", StringComparison.Ordinal)).ToArray();
        Assert.True(lines.Length == 2, run.Output);
        Assert.StartsWith($"procmonitor: This process runs in another {kind} namespace than the host's initial one", lines[0], StringComparison.Ordinal);
        Assert.Equal("exit 3", lines[1]);
    }

    [Fact]
    public async Task Output_to_a_full_disk_is_a_failure_told_in_one_line_not_a_reader_gone()
    {
        KernelRequirement.Require();
        // /dev/full refuses every write with ENOSPC: the lines are lost, which a closed pipe's
        // exit 0 must not hide. The help too, as a GNU tool reports a write error.
        foreach (var (arguments, line) in new[] { ("-d 30", "procmonitor: the event lines could not be written, stopped: "), ("--help", "procmonitor: the help could not be written: ") })
        {
            var run = await ProcessRunner.RunAsync("bash", ["-c", $"dotnet {Repository.SampleAssembly("ProcMonitor")} {arguments} >/dev/full"], Path.GetTempPath(), timeout: TimeSpan.FromMinutes(1));
            Assert.Equal(1, run.ExitCode);
            var failure = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => !l.StartsWith("procmonitor: listening", StringComparison.Ordinal));
            Assert.StartsWith(line, failure, StringComparison.Ordinal);
            Assert.EndsWith("No space left on device", failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Output_and_errors_redirected_to_one_file_keep_every_line()
    {
        KernelRequirement.Require();
        var work = Directory.CreateTempSubdirectory("kc-both-").FullName;
        try
        {
            // `>all 2>&1`: one file offset for both descriptors; nothing may overwrite anything.
            var run = await ProcessRunner.RunAsync("bash", ["-c", $"dotnet {Repository.SampleAssembly("ProcMonitor")} -d 2 >all 2>&1"], work, timeout: TimeSpan.FromMinutes(1));
            Assert.Equal(0, run.ExitCode);
            var lines = File.ReadAllLines(Path.Combine(work, "all"));
            Assert.Single(lines, l => l.StartsWith("procmonitor: listening on port ", StringComparison.Ordinal));
            Assert.Single(lines, l => l.StartsWith("Time ", StringComparison.Ordinal));
            Assert.Single(lines, l => l.StartsWith("lost (sequence gaps) ", StringComparison.Ordinal));
            Assert.Single(lines, l => l.StartsWith("priority boost ", StringComparison.Ordinal));
            Assert.All(lines, l => Assert.DoesNotContain('\0', l));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Clone_and_thread_exit_can_be_selected_and_real_time_scheduling_is_taken()
    {
        KernelRequirement.Require();
        var result = await RunAsync("--events", "clone,thrdex", "--realtime", "-d", "1");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("listening", result.Output, StringComparison.Ordinal);

        // ProcMonitor's own runtime starts threads: only clone and thrdex lines may appear.
        var events = result.Output.Split('\n').Where(l => l.Length > 13 && char.IsDigit(l[0])).Select(l => l[13..].Split(' ')[0]).Distinct();
        Assert.All(events, e => Assert.Contains(e, new[] { "clone", "thrdex" }));
    }

    [Fact]
    public async Task The_header_columns_sit_over_the_data_with_and_without_extra_columns()
    {
        KernelRequirement.Require();
        foreach (var extra in new[] { false, true })
        {
            using var text = extra ? await MonitorRun.StartAsync("text", "--extra") : await MonitorRun.StartAsync("text");
            var hold = await Programs.HoldAsync();
            var run = await ProcessRunner.RunAsync(hold, [], Path.GetTempPath());
            var pid = run.Output.Trim();
            await text.WaitForTextAsync(l => l.Contains(" exit ", StringComparison.Ordinal) && l.EndsWith(hold, StringComparison.Ordinal), "the exit line");
            await text.StopAsync();

            var lines = text.TextLines();
            var header = lines[0];
            Assert.StartsWith("Time ", header, StringComparison.Ordinal);
            var exit = lines.Single(l => l.Contains(" exit ", StringComparison.Ordinal) && l.EndsWith(hold, StringComparison.Ordinal));

            // Right-aligned columns end where their title ends; left-aligned ones start where it starts.
            var pidEnd = header.IndexOf("PID", StringComparison.Ordinal) + 3;
            Assert.Equal(pid, exit[..pidEnd].TrimStart()[^pid.Length..]);
            Assert.Equal(' ', exit[pidEnd]);
            var durationEnd = header.IndexOf("Duration", StringComparison.Ordinal) + "Duration".Length;
            Assert.Equal('s', exit[durationEnd - 1]);
            Assert.Equal(hold, exit[header.IndexOf("Process", StringComparison.Ordinal)..]);
            Assert.Equal("exit 0", exit[header.IndexOf("Info", StringComparison.Ordinal)..].Split("  ")[0]);
            if (extra)
            {
                Assert.Equal("root", exit[header.IndexOf("User", StringComparison.Ordinal)..].Split(' ')[0]);
            }
        }
    }
}
