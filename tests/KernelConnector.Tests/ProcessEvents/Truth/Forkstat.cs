using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Truth;

/// <summary>forkstat, the C reference monitor, watching the same run as ProcMonitor.</summary>
internal sealed class Forkstat : IDisposable
{
    private readonly BackgroundProcess _process;

    private Forkstat(BackgroundProcess process) => _process = process;

    public string StdoutPath => _process.StdoutPath;

    public static Forkstat Start(string directory, params string[] extra)
    {
        var path = new[] { "/usr/bin/forkstat", "/usr/sbin/forkstat", "/usr/local/bin/forkstat" }.FirstOrDefault(File.Exists);
        if (path is null)
        {
            Assert.Fail("forkstat is not installed (apt-get install forkstat): the comparison needs it.");
        }

        return new Forkstat(BackgroundProcess.Start(path, ["-e", "all", .. extra], directory, "forkstat"));
    }

    /// <summary>
    /// Waits until forkstat's connector socket has joined the process-event group (its output is
    /// block-buffered to a file, so its header tells nothing; line buffering would slow it down).
    /// </summary>
    public Task ReadyAsync() => _process.WaitForAsync(Listening, "forkstat to join the process-event group");

    private bool Listening()
    {
        // /proc/net/netlink: "sk Eth Pid Groups ...": protocol 11 is NETLINK_CONNECTOR, the port id
        // of a process's first socket is its pid, and group 1 is CN_IDX_PROC.
        foreach (var line in File.ReadLines("/proc/net/netlink"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 3 && fields[1] == "11" && fields[2] == _process.Id.ToString(CultureInfo.InvariantCulture)
                && uint.TryParse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var groups) && (groups & 1) != 0)
            {
                return true;
            }
        }

        return false;
    }

    public Task WaitForAsync(int exitedPid) =>
        _process.WaitForAsync(() => TryExit(exitedPid) is not null, $"forkstat to report the exit of {exitedPid}");

    public Task StopAsync() => _process.InterruptAsync();

    /// <summary>forkstat's exit line for a pid: "HH:MM:SS exit PID CODE DURATIONs NAME".</summary>
    public (string Name, double Seconds) Exit(int pid) => TryExit(pid) ?? throw new InvalidOperationException($"forkstat printed no exit for {pid}");

    private (string Name, double Seconds)? TryExit(int pid)
    {
        foreach (var line in MonitorRun.ReadLines(_process.StdoutPath))
        {
            var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 6 && parts[1] == "exit" && parts[2] == pid.ToString(CultureInfo.InvariantCulture) && parts[4].EndsWith('s'))
            {
                return (parts[5].TrimEnd(), double.Parse(parts[4][..^1], CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    public void Dispose() => _process.Dispose();
}
