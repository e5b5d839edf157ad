using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Truth;

/// <summary>
/// Whose user ProcMonitor says an exec ran as, on the real kernel: <c>setpriv --reuid 65534</c>
/// is executed as root and drops to nobody a moment later, before it executes its program. Its
/// exec must say root and its program's nobody, whenever ProcMonitor reads <c>/proc</c>, and
/// <c>-u nobody</c> must list only the program's exec.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ExecCredentialsTruthTests
{
    private const int Nobody = 65534;
    private static readonly string[] Setpriv = ["--reuid", "65534", "--regid", "65534", "--clear-groups"];

    [Fact]
    public async Task Setpriv_s_exec_runs_as_root_and_its_program_s_as_nobody_in_200_runs()
    {
        KernelRequirement.Require();
        using var all = await MonitorRun.StartAsync("all", "--json", "-x");
        using var nobody = await MonitorRun.StartAsync("nobody", "--json", "-u", "nobody");
        using var forkstat = Forkstat.Start(all.Directory);
        await forkstat.ReadyAsync();

        // Each run: this process forks, the child execs setpriv (as root), setpriv changes its
        // group and user, then execs the shell that prints its pid (as nobody).
        var pids = new List<int>();
        for (var run = 0; run < 200; run++)
        {
            var result = await ProcessRunner.RunAsync("setpriv", [.. Setpriv, "/bin/sh", "-c", "echo $$"], Path.GetTempPath(), timeout: TimeSpan.FromSeconds(30));
            Assert.Equal(0, result.ExitCode);
            pids.Add(int.Parse(result.Output.Trim(), CultureInfo.InvariantCulture));
        }

        await WaitForExecsAsync(all, [pids[^1]], 2, "the last run's two execs");
        await WaitForExecsAsync(nobody, [pids[^1]], 1, "the last run's program's exec (-u nobody)");
        await forkstat.WaitForAsync(pids[^1]);
        await all.StopAsync();
        await nobody.StopAsync();
        await forkstat.StopAsync();

        AssertRootThenNobody(all, nobody, pids, execs: 2);

        // forkstat, on the same runs, reports the user change between the two execs too: the
        // kernel's order, which is what the ids of each exec are taken from.
        var forkstatLines = MonitorRun.ReadLines(forkstat.StdoutPath).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        foreach (var pid in pids)
        {
            var kinds = forkstatLines.Where(f => f.Length > 2 && f[2] == pid.ToString(CultureInfo.InvariantCulture) && f[1] is "exec" or "uid").Select(f => f[1]).ToList();
            Assert.Equal(["exec", "uid", "exec"], kinds);
        }
    }

    [Fact]
    public async Task Setpriv_s_exec_runs_as_root_when_ProcMonitor_reads_it_after_the_program_dropped_to_nobody()
    {
        // The monitors are stopped (SIGSTOP) while 20 setpriv runs reach their program and stay
        // there: when the monitors go on, every /proc read shows nobody, and must not be taken
        // for the exec of setpriv, which ran as root.
        KernelRequirement.Require();
        using var all = await MonitorRun.StartAsync("all", "--json", "-x");
        using var nobody = await MonitorRun.StartAsync("nobody", "--json", "-u", "nobody");
        using var text = await MonitorRun.StartAsync("text", "-x", "-e", "exec");
        var work = Directory.CreateTempSubdirectory("kc-exec-credentials-").FullName;
        try
        {
            await SignalAsync("STOP", all, nobody, text);
            var command = $"for i in $(seq 20); do setpriv {string.Join(' ', Setpriv)} /bin/sh -c 'echo $$; exec sleep 600' & done; wait";
            using var runs = BackgroundProcess.Start("/bin/sh", ["-c", command], work, "runs");
            List<int> pids = [];
            await runs.WaitForAsync(() => (pids = Pids(runs.StdoutPath)).Count == 20 && pids.All(RunsAsNobody), "20 programs running as nobody");
            await SignalAsync("CONT", all, nobody, text);

            await WaitForExecsAsync(all, pids, 3, "the three execs of every run");
            await WaitForExecsAsync(nobody, pids, 2, "the program's two execs of every run (-u nobody)");
            await text.Process.WaitForAsync(() => pids.All(p => ExecUsers(text, p).Count >= 3), "the three exec lines of every run (text)");
            await all.StopAsync();
            await nobody.StopAsync();
            await text.StopAsync();

            AssertRootThenNobody(all, nobody, pids, execs: 3);

            // The User column of the text lines says the same.
            var nobodyName = new KernelConnector.ProcessEvents.UserNames().UserName(Nobody) ?? "65534";
            Assert.All(pids, p => Assert.Equal(["root", nobodyName, nobodyName], ExecUsers(text, p)));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Every run's first exec (setpriv's) says root, carried from its fork; its uid line says
    /// nobody; every later exec (its program's) says nobody, from that event. <c>-u nobody</c>
    /// shows the later execs, and not setpriv's.
    /// </summary>
    private static void AssertRootThenNobody(MonitorRun all, MonitorRun nobody, List<int> pids, int execs)
    {
        var lines = all.JsonLines();
        var shown = nobody.JsonLines();
        foreach (var pid in pids)
        {
            var mine = lines.Where(l => Int(l, "tgid") == pid && Str(l, "event") is "exec" or "uid").ToList();
            var execLines = mine.Where(l => Str(l, "event") == "exec").ToList();
            Assert.Equal(execs, execLines.Count);
            var (uid, euid, source) = User(execLines[0]);
            Assert.True((0, 0, "inherited") == (uid, euid, source), $"setpriv's exec ({pid}) said uid {uid} euid {euid} from {source}");
            Assert.Equal("uid", Str(mine[1], "event"));
            Assert.Equal(Nobody, Int(mine[1], "real"));
            foreach (var program in execLines.Skip(1))
            {
                Assert.Equal((Nobody, Nobody, "event"), User(program));
            }

            // -u nobody: the program's execs, the very events (same kernel stamps), not setpriv's.
            var stamps = shown.Where(l => IsExec(l, pid)).Select(l => l.GetProperty("timestamp_ns").GetUInt64());
            Assert.Equal(execLines.Skip(1).Select(l => l.GetProperty("timestamp_ns").GetUInt64()), stamps);
        }
    }

    private static (int Uid, int Euid, string? Source) User(JsonElement exec)
    {
        var process = exec.GetProperty("process");
        return process.TryGetProperty("uid", out var uid)
            ? (uid.GetInt32(), Int(process, "euid"), process.GetProperty("uid_source").GetString())
            : (-1, -1, null);
    }

    /// <summary>The User column of the text exec lines of <paramref name="pid"/>: time, event, pid, ppid, user, …</summary>
    private static List<string> ExecUsers(MonitorRun run, int pid) =>
        [.. run.TextLines().Where(l => l.Contains(MonitorRun.TextColumns("exec", pid), StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4])];

    /// <summary>Waits until the monitor has printed at least <paramref name="count"/> exec lines for each pid (the assertions count them).</summary>
    private static Task WaitForExecsAsync(MonitorRun run, List<int> pids, int count, string what) => run.Process.WaitForAsync(() =>
    {
        var lines = run.JsonLines();
        return pids.All(p => lines.Count(l => IsExec(l, p)) >= count);
    }, what, TimeSpan.FromSeconds(60));

    private static bool IsExec(JsonElement line, int pid) => Str(line, "event") == "exec" && Int(line, "tgid") == pid;

    private static string Str(JsonElement line, string name) => line.GetProperty(name).GetString()!;

    private static int Int(JsonElement line, string name) => line.GetProperty(name).GetInt32();

    private static List<int> Pids(string stdout) =>
        [.. MonitorRun.ReadLines(stdout).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];

    /// <summary>Whether the process has reached its program (sleep) as nobody.</summary>
    private static bool RunsAsNobody(int pid)
    {
        try
        {
            var status = File.ReadAllText($"/proc/{pid}/status");
            return status.Contains("Name:\tsleep\n", StringComparison.Ordinal) && status.Contains($"Uid:\t{Nobody}\t", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task SignalAsync(string signal, params MonitorRun[] runs)
    {
        foreach (var run in runs)
        {
            Assert.Equal(0, (await ProcessRunner.RunAsync("kill", ["-" + signal, run.Process.Id.ToString(CultureInfo.InvariantCulture)], Path.GetTempPath())).ExitCode);
        }
    }
}
