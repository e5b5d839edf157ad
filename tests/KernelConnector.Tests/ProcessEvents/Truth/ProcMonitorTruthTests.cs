using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Truth;

/// <summary>
/// What a person reads in ProcMonitor's lines about one process: its name, duration, exit code,
/// parent, namespace and cgroup, against the kernel, compared with forkstat where it reports them.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ProcMonitorTruthTests
{
    private static string Str(JsonElement line, string name) => line.GetProperty(name).GetString()!;

    private static int Int(JsonElement line, string name) => line.GetProperty(name).GetInt32();

    private static bool Is(JsonElement line, string ev, int tgid) => Str(line, "event") == ev && Int(line, "tgid") == tgid;

    [Fact]
    public async Task A_program_whose_main_thread_ends_first_exits_with_its_last_threads_status_and_time()
    {
        // The main thread calls pthread_exit at once; another thread calls exit(3) 0.3 s later.
        // The kernel sends the leader's exit (status 0) first: that is a thread's end, and the
        // process's exit line is the last thread's, with the status the shell sees.
        KernelRequirement.Require();
        var program = await Programs.LeaderFirstAsync();
        using var json = await MonitorRun.StartAsync("json", "--json");
        var clock = Stopwatch.StartNew();
        var run = await ProcessRunner.RunAsync("/bin/sh", ["-c", "./leaderfirst; echo \"status $?\""], Path.GetDirectoryName(program)!, timeout: TimeSpan.FromSeconds(30));
        var wall = clock.Elapsed.TotalSeconds;
        var output = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var pid = int.Parse(output[0], CultureInfo.InvariantCulture);
        Assert.Equal("status 3", output[1]);

        await json.WaitForJsonAsync(l => Is(l, "exit", pid), "the program's exit line");
        await json.StopAsync();
        var lines = json.JsonLines();
        var exit = lines.Single(l => Is(l, "exit", pid));
        Assert.Equal("./leaderfirst", Str(exit, "cmdline"));
        Assert.Equal(3, Int(exit, "exit_code"));
        Assert.InRange(exit.GetProperty("duration_s").GetDouble(), 0.3, wall);
        Assert.NotEqual(pid, Int(exit, "pid"));
        var leader = lines.Single(l => Str(l, "event") == "thrdex" && Int(l, "pid") == pid);
        Assert.Equal(pid, Int(leader, "tgid"));
        Assert.Equal("./leaderfirst", Str(leader, "cmdline"));
    }

    [Fact]
    public async Task Threads_that_end_with_their_process_are_named_after_it_as_forkstat_names_them()
    {
        KernelRequirement.Require();
        var program = await Programs.ExitGroupAsync();
        using var text = await MonitorRun.StartAsync("text");
        using var forkstat = Forkstat.Start(text.Directory);
        await forkstat.ReadyAsync();

        var run = await ProcessRunner.RunAsync(program, [], Path.GetDirectoryName(program)!, timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(2, run.ExitCode);
        var pid = int.Parse(run.Output.Trim(), CultureInfo.InvariantCulture);
        await text.WaitForTextAsync(l => l.Contains(MonitorRun.TextColumns("exit", pid), StringComparison.Ordinal), "the exit line");
        await forkstat.WaitForAsync(pid);
        await Task.Delay(300);
        await text.StopAsync();
        await forkstat.StopAsync();

        // One exit line for the process, and the four threads' ends, each in its name, whether the
        // kernel reported them before the leader's exit or after it.
        var lines = text.TextLines();
        var exit = lines.Single(l => l.Contains(MonitorRun.TextColumns("exit", pid), StringComparison.Ordinal));
        Assert.Contains("exit 2", exit, StringComparison.Ordinal);
        var threadEnds = lines.Where(l => l.Contains(" thrdex ", StringComparison.Ordinal) && l.Contains($" thread of {pid} ", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, threadEnds.Count);
        Assert.All(threadEnds, l => Assert.EndsWith(" " + program, l, StringComparison.Ordinal));
        Assert.Equal(program, forkstat.Exit(pid).Name);
    }

    [Fact]
    public async Task A_threaded_program_keeps_its_own_name_and_a_duration_from_its_own_start()
    {
        KernelRequirement.Require();
        var program = await Programs.ThreadedAsync();
        var dir = Path.GetDirectoryName(program)!;
        using var json = await MonitorRun.StartAsync("json", "--json");
        using var text = await MonitorRun.StartAsync("text");
        // --events given twice adds up, as --pid and --user do.
        using var exitsOnly = await MonitorRun.StartAsync("exits", "--json", "--events", "exit", "--events", "clone");
        using var forkstat = Forkstat.Start(json.Directory);
        await forkstat.ReadyAsync();

        var clock = Stopwatch.StartNew();
        var run = await ProcessRunner.RunAsync("/bin/sh", ["-c", "./thrtest; echo done"], dir, timeout: TimeSpan.FromSeconds(30));
        var wall = clock.Elapsed.TotalSeconds;
        var ids = run.Output.Split('\n')[0].Split(' ');
        var (pid, shell) = (int.Parse(ids[0], CultureInfo.InvariantCulture), int.Parse(ids[1], CultureInfo.InvariantCulture));

        await json.WaitForJsonAsync(l => Is(l, "exit", pid), "the program's exit line");
        await text.WaitForTextAsync(l => l.Contains(MonitorRun.TextColumns("exit", pid), StringComparison.Ordinal), "the program's exit line (text)");
        await exitsOnly.WaitForJsonAsync(l => Is(l, "exit", pid), "the program's exit line (exits only)");
        await forkstat.WaitForAsync(pid);
        await json.StopAsync();
        await text.StopAsync();
        await exitsOnly.StopAsync();
        await forkstat.StopAsync();

        var lines = json.JsonLines();
        var exit = lines.Single(l => Is(l, "exit", pid));
        Assert.Equal("./thrtest", Str(exit, "cmdline"));
        Assert.Equal(5, Int(exit, "exit_code"));
        Assert.Equal(shell, exit.GetProperty("process").GetProperty("ppid").GetInt32());
        var duration = exit.GetProperty("duration_s").GetDouble();
        Assert.InRange(duration, 0.6, wall);

        // The thread: its creation and its exit, under its own id, in the program's name.
        var clone = lines.Single(l => Is(l, "clone", pid));
        var thread = Int(clone, "pid");
        Assert.NotEqual(pid, thread);
        Assert.Equal("./thrtest", Str(clone, "cmdline"));
        var threadExit = lines.Single(l => Str(l, "event") == "thrdex" && Int(l, "pid") == thread);
        Assert.Equal(pid, Int(threadExit, "tgid"));
        Assert.DoesNotContain(lines, l => Str(l, "event") == "exit" && Int(l, "tgid") == pid && Int(l, "pid") == thread);

        // Showing exits (and clones) only still names and times them: the table sees every event.
        Assert.All(exitsOnly.JsonLines(), l => Assert.Contains(Str(l, "event"), new[] { "exit", "clone" }));
        Assert.Equal(thread, Int(exitsOnly.JsonLines().Single(l => Is(l, "clone", pid)), "pid"));
        var onlyExit = exitsOnly.JsonLines().Single(l => Is(l, "exit", pid));
        Assert.Equal("./thrtest", Str(onlyExit, "cmdline"));
        Assert.Equal(duration, onlyExit.GetProperty("duration_s").GetDouble());

        // The same in text, as a person reads it.
        var textExit = text.TextLines().Single(l => l.Contains(MonitorRun.TextColumns("exit", pid), StringComparison.Ordinal));
        Assert.EndsWith(" ./thrtest", textExit, StringComparison.Ordinal);
        Assert.Contains("exit 5", textExit, StringComparison.Ordinal);
        Assert.Contains(duration.ToString("0.000", CultureInfo.InvariantCulture) + "s", textExit, StringComparison.Ordinal);

        // forkstat, watching the same run, names it the same and times it within its precision.
        var reference = forkstat.Exit(pid);
        Assert.Equal(reference.Name, Str(exit, "cmdline"));
        Assert.InRange(duration, reference.Seconds - 0.05, reference.Seconds + 0.05);
    }

    [Fact]
    public async Task A_100_KB_command_line_is_cut_at_4_KiB_and_says_so()
    {
        KernelRequirement.Require();
        var hold = await Programs.HoldAsync();
        using var json = await MonitorRun.StartAsync("json", "--json", "-e", "exec");
        var huge = new string('y', 100_000);
        var run = await ProcessRunner.RunAsync("/bin/bash", ["-c", $"exec '{hold}' {huge} tail"], Path.GetTempPath(), timeout: TimeSpan.FromSeconds(30));
        var pid = int.Parse(run.Output.Trim(), CultureInfo.InvariantCulture);
        await json.WaitForJsonAsync(l => Is(l, "exec", pid) && Str(l, "cmdline").StartsWith(hold, StringComparison.Ordinal), "the program's exec line");
        await json.StopAsync();

        // The kernel gives it all; the line keeps 4 KiB of it (with the NULs) and ends with "...".
        var exec = json.JsonLines().Last(l => Is(l, "exec", pid));
        var process = exec.GetProperty("process");
        Assert.True(process.GetProperty("args_truncated").GetBoolean());
        var args = process.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToArray();
        Assert.Equal([hold, huge[..(4096 - hold.Length - 1)]], args);
        Assert.Equal(string.Join(' ', args) + "...", Str(exec, "cmdline"));

        // A short command line says nothing of it.
        Assert.All(json.JsonLines().Where(l => Str(l, "cmdline").Length < 4000), l => Assert.False(l.GetProperty("process").TryGetProperty("args_truncated", out _)));
    }

    [Fact]
    public async Task Hostile_command_lines_cannot_break_a_line_or_reach_the_terminal()
    {
        KernelRequirement.Require();
        var hold = await Programs.HoldAsync();
        using var text = await MonitorRun.StartAsync("text");
        using var json = await MonitorRun.StartAsync("json", "--json");

        string[] hostile = ["evil\nline\u001b[31mred", "tab\there\rcr\u007f", "\u009b2J", "\u202eabc\\"];
        var environment = new Dictionary<string, string?>
        {
            ["A0"] = hostile[0], ["A1"] = hostile[1], ["A2"] = hostile[2], ["A3"] = hostile[3],
        };
        var run = await ProcessRunner.RunAsync("/bin/bash", ["-c", $"exec -a \"$A0\" '{hold}' \"$A1\" \"$A2\" \"$A3\""], Path.GetTempPath(), environment, TimeSpan.FromSeconds(30));
        var pid = int.Parse(run.Output.Trim(), CultureInfo.InvariantCulture);
        await json.WaitForJsonAsync(l => Is(l, "exit", pid), "the exit line");
        await text.WaitForTextAsync(l => l.Contains(MonitorRun.TextColumns("exit", pid), StringComparison.Ordinal), "the exit line (text)");
        await text.StopAsync();
        await json.StopAsync();

        // Text: nothing raw, one line per event, the arguments escaped so they can be read back.
        var bytes = File.ReadAllBytes(text.Process.StdoutPath);
        Assert.DoesNotContain((byte)0x1b, bytes);
        Assert.DoesNotContain((byte)'\r', bytes);
        Assert.DoesNotContain((byte)0x7f, bytes);
        var raw = Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain('\u009b', raw);
        Assert.DoesNotContain('\u202e', raw);
        // The event lines: after the header, up to the blank line before the statistics.
        var lines = text.TextLines().TakeWhile(l => l.Length > 0).ToList();
        Assert.All(lines.Skip(1), l => Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{3} ", l));
        // Two execs: bash's, then the program's under the hostile name.
        var exec = lines.Last(l => l.Contains(MonitorRun.TextColumns("exec", pid), StringComparison.Ordinal));
        Assert.EndsWith(@"evil\nline\x1b[31mred tab\there\rcr\x7f \u009b2J \u202eabc\\", exec, StringComparison.Ordinal);

        // JSON: every line is valid, and the arguments come back exactly.
        var execJson = json.JsonLines().Last(l => Is(l, "exec", pid));
        Assert.Equal(hostile, execJson.GetProperty("process").GetProperty("args").EnumerateArray().Select(a => a.GetString()!));
    }

    [Fact]
    public async Task An_exec_that_exits_before_it_is_read_is_named_by_comm_or_unknown_never_by_its_parent()
    {
        KernelRequirement.Require();
        var reaper = await Programs.LateReaperAsync();
        using var json = await MonitorRun.StartAsync("json", "--json");
        var run = await ProcessRunner.RunAsync(reaper, [], Path.GetTempPath(), timeout: TimeSpan.FromSeconds(30));
        var child = int.Parse(run.Output.Trim(), CultureInfo.InvariantCulture);
        await json.WaitForJsonAsync(l => Is(l, "exit", child), "the child's exit line");
        await json.StopAsync();

        var lines = json.JsonLines();
        var exec = lines.Single(l => Is(l, "exec", child));
        Assert.Contains(Str(exec, "cmdline"), new[] { "/bin/true", "[true]" });
        var exit = lines.Single(l => Is(l, "exit", child));
        Assert.Equal(Str(exec, "cmdline"), Str(exit, "cmdline"));
        Assert.DoesNotContain(reaper, Str(exec, "cmdline"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_process_in_a_new_pid_namespace_is_shown_with_its_pid_inside_it()
    {
        KernelRequirement.Require();
        var hold = await Programs.HoldAsync();
        using var json = await MonitorRun.StartAsync("json", "--json", "--extra");
        var run = await ProcessRunner.RunAsync("unshare", ["--pid", "--fork", "--mount-proc", hold], Path.GetTempPath(), timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(0, run.ExitCode);

        // The program prints its pid as it sees it: 1, the first process of the new namespace.
        Assert.Equal("1", run.Output.Trim());
        await json.WaitForJsonAsync(l => Str(l, "event") == "exit" && Str(l, "cmdline") == hold, "the program's exit line");
        await json.StopAsync();

        var exec = json.JsonLines().Single(l => Str(l, "event") == "exec" && Str(l, "cmdline") == hold);
        var process = exec.GetProperty("process");
        Assert.NotEqual(1, Int(exec, "tgid"));
        Assert.Equal(1, process.GetProperty("ns_pid").GetInt32());
        Assert.NotEqual(OwnPidNamespace(), process.GetProperty("pid_ns").GetUInt64());
    }

    [Fact]
    public async Task A_process_moved_into_a_new_cgroup_is_attributed_to_it_and_filtered_by_it()
    {
        KernelRequirement.Require();
        var hold = await Programs.HoldAsync();
        var (mount, name) = (Cgroup2Mount(), "kc-test-" + Guid.NewGuid().ToString("N")[..12]);
        var group = Path.Combine(mount, name);
        Directory.CreateDirectory(group);
        try
        {
            using var all = await MonitorRun.StartAsync("all", "--json", "--extra");
            using var filtered = await MonitorRun.StartAsync("filtered", "--json", "--cgroup", "/kc-test-*");
            var run = await ProcessRunner.RunAsync("/bin/sh", ["-c", $"echo $$ > '{group}/cgroup.procs' && exec '{hold}'"], Path.GetTempPath(), timeout: TimeSpan.FromSeconds(30));
            Assert.Equal(0, run.ExitCode);
            var pid = int.Parse(run.Output.Trim(), CultureInfo.InvariantCulture);
            await all.WaitForJsonAsync(l => Is(l, "exit", pid), "the exit line");
            await filtered.WaitForJsonAsync(l => Is(l, "exit", pid), "the exit line (filtered)");
            await all.StopAsync();
            await filtered.StopAsync();

            var exec = all.JsonLines().Last(l => Is(l, "exec", pid));
            Assert.Equal(hold, Str(exec, "cmdline"));
            Assert.Equal("/" + name, exec.GetProperty("process").GetProperty("cgroup").GetString());

            // Only that process's lines pass the filter: the program's exec and its exit (and the
            // shell's exec when it is handled after the move: /proc is read when an event is).
            var shown = filtered.JsonLines();
            Assert.All(shown, l => Assert.Equal(pid, Int(l, "tgid")));
            Assert.Equal("exit", Str(shown[^1], "event"));
            Assert.Equal(hold, Str(shown.Last(l => Str(l, "event") == "exec"), "cmdline"));
        }
        finally
        {
            Directory.Delete(group);
        }
    }

    [Fact]
    public async Task A_user_change_says_the_uids_and_name_and_every_line_keeps_the_process_column()
    {
        KernelRequirement.Require();
        using var text = await MonitorRun.StartAsync("text", "-x");
        var run = await ProcessRunner.RunAsync("/bin/sh", ["-c", "echo $$; exec setpriv --ruid 65534 --euid 1000 --rgid 65534 --egid 1000 --clear-groups /bin/true"], Path.GetTempPath(), timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(0, run.ExitCode);
        var pid = int.Parse(run.Output.Trim(), CultureInfo.InvariantCulture);
        await text.WaitForTextAsync(l => l.Contains(MonitorRun.TextColumns("exit", pid), StringComparison.Ordinal), "the exit line");
        await text.StopAsync();

        var lines = text.TextLines();
        var processColumn = lines.Single(l => l.StartsWith("Time ", StringComparison.Ordinal)).IndexOf("Process", StringComparison.Ordinal);
        var user = lines.Single(l => l.Contains(MonitorRun.TextColumns("uid", pid), StringComparison.Ordinal));
        var name = new KernelConnector.ProcessEvents.UserNames().UserName(65534);
        Assert.Contains(name is null ? "uid 65534 euid 1000 " : $"uid 65534 euid 1000 ({name}) ", user, StringComparison.Ordinal);

        // The uid line's Info is wider than its column, and the exit line has a duration: the
        // Process column of each starts where the header's does (whatever name the race gave).
        foreach (var line in new[] { user, lines.Single(l => l.Contains(MonitorRun.TextColumns("exit", pid), StringComparison.Ordinal)) })
        {
            Assert.True(line[processColumn - 1] == ' ' && line[processColumn] != ' ', line);
        }

        // When the two uids are the same, one is said.
        Assert.Contains(lines, l => l.Contains(" gid 65534 egid 1000 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sid_and_comm_lines_say_the_session_and_the_old_and_new_name_and_S_counts_per_process()
    {
        KernelRequirement.Require();
        var renamer = await Programs.RenamerAsync();
        using var text = await MonitorRun.StartAsync("text", "-S");
        using var plain = await MonitorRun.StartAsync("plain");
        using var json = await MonitorRun.StartAsync("json", "--json");
        var run = await ProcessRunner.RunAsync(renamer, [], Path.GetTempPath(), timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(0, run.ExitCode);
        var pid = int.Parse(run.Output.Trim(), CultureInfo.InvariantCulture);
        await text.WaitForTextAsync(l => l.Contains(MonitorRun.TextColumns("exit", pid), StringComparison.Ordinal), "the exit line");
        await plain.WaitForTextAsync(l => l.Contains(MonitorRun.TextColumns("exit", pid), StringComparison.Ordinal), "the exit line (defaults)");
        await json.WaitForJsonAsync(l => Is(l, "exit", pid), "the exit line (JSON)");
        await text.StopAsync();
        await plain.StopAsync();
        await json.StopAsync();

        // With default options comm is not read at exec (a second file per exec, on the storm's
        // path): the line says the new name beside the command line, as forkstat's does. JSON
        // shows comm, so it reads it: the exec's and, on the comm line, the old one.
        var plainComm = plain.TextLines().Single(l => l.Contains(MonitorRun.TextColumns("comm", pid), StringComparison.Ordinal));
        Assert.Contains(" comm renamed-proc ", plainComm, StringComparison.Ordinal);
        Assert.EndsWith(" " + renamer, plainComm, StringComparison.Ordinal);
        Assert.Equal("renamer", json.JsonLines().Single(l => Is(l, "exec", pid)).GetProperty("process").GetProperty("comm").GetString());
        Assert.Equal("renamer", Str(json.JsonLines().Single(l => Is(l, "comm", pid)), "previous_comm"));

        var lines = text.TextLines();
        var sid = lines.Single(l => l.Contains(MonitorRun.TextColumns("sid", pid), StringComparison.Ordinal));
        Assert.Contains($"sid {pid} ", sid, StringComparison.Ordinal);
        var comm = lines.Single(l => l.Contains(MonitorRun.TextColumns("comm", pid), StringComparison.Ordinal));
        Assert.Contains("renamer -> renamed-proc", comm, StringComparison.Ordinal);
        Assert.EndsWith(" " + renamer, comm, StringComparison.Ordinal);

        // -S: events per process name, as forkstat's -S prints them; the exit is counted under the new name.
        var header = lines.Single(l => l.TrimStart().StartsWith("Fork ", StringComparison.Ordinal) && l.EndsWith(" Total Process", StringComparison.Ordinal));
        var columns = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var row = lines.Single(l => l.EndsWith(" renamed-proc", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("1", row[Array.IndexOf(columns, "Exit")]);
        Assert.Equal("1", row[Array.IndexOf(columns, "Comm")]);
    }

    [Fact]
    public async Task A_loss_is_told_on_stderr_when_it_happens_and_counted_at_the_end()
    {
        KernelRequirement.Require();
        var storm = await Programs.StormAsync();

        // The smallest buffer, and a burst of processes while the monitor is stopped (SIGSTOP):
        // the queue overflows whatever the machine's speed. (A monitor that runs through the burst
        // may keep up with it: this one primes its event path at start and is woken by execs.)
        using var json = await MonitorRun.StartAsync("json", "--json", "--buffer", "4096");
        Assert.Equal(0, (await ProcessRunner.RunAsync("kill", ["-STOP", json.Process.Id.ToString(CultureInfo.InvariantCulture)], Path.GetTempPath())).ExitCode);
        var run = await ProcessRunner.RunAsync(storm, ["300"], Path.GetTempPath(), timeout: TimeSpan.FromMinutes(2));
        Assert.Equal(0, (await ProcessRunner.RunAsync("kill", ["-CONT", json.Process.Id.ToString(CultureInfo.InvariantCulture)], Path.GetTempPath())).ExitCode);
        Assert.Equal(0, run.ExitCode);
        await json.Process.WaitForAsync(() => json.Process.Stderr.Contains("procmonitor: events lost", StringComparison.Ordinal), "the loss to be told");
        var told = json.Process.Stderr;
        var statistics = await json.StopAsync();

        // Told while running (before the statistics), as one line with what the resynchronisation found.
        var line = told.Split('\n').First(l => l.StartsWith("procmonitor: events lost", StringComparison.Ordinal));
        Assert.Matches(@"^procmonitor: events lost \((receive overrun|sequence gap)(, \d+ missing)?\); resynchronised from /proc: \d+ new, \d+ gone$", line);
        Assert.DoesNotContain("Event ", told[..told.IndexOf(line, StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Matches(@"resynchronised\s+[1-9]\d* \(found \d+, gone \d+\)", statistics);
    }

    private static ulong OwnPidNamespace()
    {
        var target = new FileInfo("/proc/self/ns/pid").LinkTarget!;
        return ulong.Parse(target[(target.IndexOf('[') + 1)..target.IndexOf(']')], CultureInfo.InvariantCulture);
    }

    /// <summary>Where cgroup v2 is mounted: /sys/fs/cgroup on a unified system, /sys/fs/cgroup/unified on a hybrid one.</summary>
    internal static string Cgroup2Mount()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // "36 25 0:31 / /sys/fs/cgroup/unified rw,… - cgroup2 cgroup2 rw,…"
            var parts = line.Split(' ');
            var dash = Array.IndexOf(parts, "-");
            if (dash > 0 && parts[dash + 1] == "cgroup2")
            {
                return parts[4];
            }
        }

        Assert.Fail("no cgroup2 file system is mounted here");
        return "";
    }
}
