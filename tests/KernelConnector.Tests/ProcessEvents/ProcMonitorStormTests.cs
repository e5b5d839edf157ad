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
/// ProcMonitor must report the fork, exec and exit of every one of them, with no loss, side by
/// side with forkstat watching the same storm.
/// </summary>
public sealed class ProcMonitorStormTests
{
    // Each child execs /bin/true and is waited for; the parent prints its own pid first.
    private const string StormSource = """
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/wait.h>
        #include <unistd.h>

        int main(int argc, char **argv)
        {
            int count = argc > 1 ? atoi(argv[1]) : 20000;
            printf("%d\n", (int)getpid());
            fflush(stdout);
            for (int i = 0; i < count; i++) {
                pid_t pid = fork();
                if (pid == 0) {
                    execl("/bin/true", "true", (char *)NULL);
                    _exit(127);
                }
                if (pid < 0) { perror("fork"); return 1; }
                int status;
                waitpid(pid, &status, 0);
            }
            return 0;
        }
        """;

    private static int StormSize =>
        int.TryParse(Environment.GetEnvironmentVariable("KERNELCONNECTOR_STORM_SIZE"), out var n) && n > 0 ? n : 20000;

    [Fact]
    public async Task ProcMonitor_reports_every_fork_exec_and_exit_of_a_storm_alongside_forkstat()
    {
        KernelRequirement.Require();
        var output = TestContext.Current.TestOutputHelper!;
        var storm = await CProgram.CompileAsync("storm", StormSource);
        var monitorDll = Path.Combine(Repository.Root, "samples", "ProcMonitor", "bin", BuildConfiguration, "net10.0", "ProcMonitor.dll");
        Assert.True(File.Exists(monitorDll), $"ProcMonitor is not built at {monitorDll}: build the solution first.");
        var forkstatPath = FindForkstat();

        var work = Directory.CreateTempSubdirectory("kc-storm-").FullName;
        var monitorOut = Path.Combine(work, "procmonitor.jsonl");
        using var monitor = Start("dotnet", [monitorDll, "--json", "--events", "fork,exec,exit"], monitorOut, Path.Combine(work, "procmonitor.err"));
        using var forkstat = forkstatPath is null ? null : Start(forkstatPath, ["-S", "-l", "-e", "fork,exec,exit"], Path.Combine(work, "forkstat.txt"), Path.Combine(work, "forkstat.err"));

        await WaitForAsync(() => File.ReadAllText(Path.Combine(work, "procmonitor.err")).Contains("listening", StringComparison.Ordinal), monitor, "ProcMonitor to subscribe");
        if (forkstat is not null)
        {
            await WaitForAsync(() => File.ReadAllText(Path.Combine(work, "forkstat.txt")).Contains("Time", StringComparison.Ordinal), forkstat, "forkstat to start");
        }

        var run = await ProcessRunner.RunAsync(storm, [StormSize.ToString(CultureInfo.InvariantCulture)], work, timeout: TimeSpan.FromMinutes(10));
        Assert.Equal(0, run.ExitCode);
        var stormPid = int.Parse(run.Output.Split('\n')[0], CultureInfo.InvariantCulture);

        // Let both drain the tail of the storm before they are stopped.
        await WaitForAsync(() => CountJsonExits(monitorOut, stormPid) >= StormSize, monitor, "ProcMonitor to report every exit", TimeSpan.FromMinutes(2), failOnTimeout: false);
        var monitorCpu = CpuSeconds(monitor.Id);
        var forkstatCpu = forkstat is null ? double.NaN : CpuSeconds(forkstat.Id);
        await StopAsync(monitor);
        if (forkstat is not null)
        {
            await StopAsync(forkstat);
        }

        var counts = CountJson(monitorOut, stormPid);
        var statistics = File.ReadAllText(Path.Combine(work, "procmonitor.err"));
        output.WriteLine($"storm of {StormSize} processes (pid {stormPid})");
        output.WriteLine($"ProcMonitor: fork {counts.Fork}, exec {counts.Exec}, exit {counts.Exit}, CPU {monitorCpu:0.00}s");
        if (forkstat is not null)
        {
            var fs = CountForkstat(Path.Combine(work, "forkstat.txt"), stormPid);
            output.WriteLine($"forkstat:    fork {fs.Fork}, exec {fs.Exec}, exit {fs.Exit}, CPU {forkstatCpu:0.00}s");
        }

        output.WriteLine(statistics);
        Assert.Equal(StormSize, counts.Fork);
        Assert.Equal(StormSize, counts.Exec);
        Assert.Equal(StormSize, counts.Exit);
        Assert.Contains("lost (sequence gaps) 0", statistics, StringComparison.Ordinal);
        Assert.Contains("receive overruns     0", statistics, StringComparison.Ordinal);
        Assert.Contains("dropped by reader    0", statistics, StringComparison.Ordinal);
        Directory.Delete(work, recursive: true);
    }

    private sealed record Counts(int Fork, int Exec, int Exit);

    private static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string? FindForkstat()
    {
        foreach (var candidate in new[] { "/usr/bin/forkstat", "/usr/sbin/forkstat", "/usr/local/bin/forkstat" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        // The comparison is part of the acceptance: CI installs forkstat, so its absence there is a failure.
        if (Environment.GetEnvironmentVariable("KERNELCONNECTOR_REQUIRE_KERNEL") == "1")
        {
            Assert.Fail("forkstat is not installed (apt-get install forkstat); the storm comparison needs it.");
        }

        return null;
    }

    private static Process Start(string fileName, string[] arguments, string stdout, string stderr)
    {
        File.WriteAllText(stdout, "");
        File.WriteAllText(stderr, "");
        // The shell redirects to files so that neither program is slowed by a pipe this test must drain.
        var command = $"exec {Quote(fileName)} {string.Join(' ', arguments.Select(Quote))} >{Quote(stdout)} 2>{Quote(stderr)}";
        var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { UseShellExecute = false })
            ?? throw new InvalidOperationException($"could not start {fileName}");
        return process;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task WaitForAsync(Func<bool> condition, Process process, string what, TimeSpan? timeout = null, bool failOnTimeout = true)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited)
            {
                Assert.Fail($"the process ended (exit code {process.ExitCode}) while waiting for {what}");
            }

            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(60)))
            {
                if (failOnTimeout)
                {
                    Assert.Fail($"timed out waiting for {what}");
                }

                return;
            }

            await Task.Delay(100);
        }
    }

    private static async Task StopAsync(Process process)
    {
        // SIGINT, as Ctrl+C: both programs print their statistics and exit.
        _ = kill(process.Id, 2);
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(30))) != exited)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("a monitor did not stop on SIGINT within 30 s");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15, in clock ticks (100 per second on Linux).
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static int CountJsonExits(string file, int stormPid) => CountJson(file, stormPid).Exit;

    private static Counts CountJson(string file, int stormPid)
    {
        var children = new HashSet<int>();
        int fork = 0, exec = 0, exit = 0;
        foreach (var line in ReadLines(file))
        {
            if (line.Length == 0 || line[0] != '{')
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var tgid = root.GetProperty("tgid").GetInt32();
            switch (root.GetProperty("event").GetString())
            {
                case "fork" when root.GetProperty("parent_tgid").GetInt32() == stormPid:
                    children.Add(tgid);
                    fork++;
                    break;
                case "exec" when children.Contains(tgid):
                    exec++;
                    break;
                case "exit" when children.Contains(tgid):
                    exit++;
                    break;
            }
        }

        return new Counts(fork, exec, exit);
    }

    private static Counts CountForkstat(string file, int stormPid)
    {
        // forkstat prints "fork <parent> parent" and "fork <child> child" lines, then "exec <pid>" and "exit <pid>".
        var children = new HashSet<int>();
        int fork = 0, exec = 0, exit = 0;
        var lastParent = -1;
        foreach (var line in ReadLines(file))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            switch (parts[1])
            {
                case "fork" when parts.Length > 3 && parts[3] == "parent":
                    lastParent = pid;
                    break;
                case "fork" when parts.Length > 3 && parts[3] == "child" && lastParent == stormPid:
                    children.Add(pid);
                    fork++;
                    break;
                case "exec" when children.Contains(pid):
                    exec++;
                    break;
                case "exit" when children.Contains(pid):
                    exit++;
                    break;
            }
        }

        return new Counts(fork, exec, exit);
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
