using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Xunit;

namespace KernelConnector.Tests.Support;

/// <summary>
/// A program started in the background with its output going to files (never to a pipe this test
/// would have to drain, which could slow the program it measures).
/// </summary>
internal sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;

    private BackgroundProcess(Process process, string stdout, string stderr)
    {
        _process = process;
        StdoutPath = stdout;
        StderrPath = stderr;
    }

    public int Id => _process.Id;

    public string StdoutPath { get; }

    public string StderrPath { get; }

    public string Stdout => ReadShared(StdoutPath);

    public string Stderr => ReadShared(StderrPath);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static BackgroundProcess Start(string fileName, string[] arguments, string directory, string name)
    {
        var stdout = Path.Combine(directory, name + ".out");
        var stderr = Path.Combine(directory, name + ".err");
        File.WriteAllText(stdout, "");
        File.WriteAllText(stderr, "");
        var command = $"exec {Quote(fileName)} {string.Join(' ', arguments.Select(Quote))} >{Quote(stdout)} 2>{Quote(stderr)}";
        var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { UseShellExecute = false, WorkingDirectory = directory })
            ?? throw new InvalidOperationException($"could not start {fileName}");
        return new BackgroundProcess(process, stdout, stderr);
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails if the program ends first or, when asked, on time-out.</summary>
    public async Task WaitForAsync(Func<bool> condition, string what, TimeSpan? timeout = null, bool failOnTimeout = true)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited && !condition())
            {
                Assert.Fail($"the program ended (exit code {_process.ExitCode}) while waiting for {what}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }

            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(60)))
            {
                if (failOnTimeout)
                {
                    Assert.Fail($"timed out waiting for {what}.\nstderr:\n{Stderr}");
                }

                return;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Sends SIGINT, as Ctrl+C would, and waits for the program to end.</summary>
    public async Task InterruptAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
        {
            _ = kill(_process.Id, 2);
        }

        await WaitForExitAsync(timeout);
    }

    public async Task WaitForExitAsync(TimeSpan? timeout = null)
    {
        var exited = _process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(timeout ?? TimeSpan.FromSeconds(30))) != exited)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"the program did not end in time.\nstderr:\n{Stderr}");
        }
    }

    /// <summary>User plus system CPU time so far, in seconds.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15, in clock ticks (USER_HZ, 100 on Linux).
        return (double.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
            + double.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);

            // Gone before the caller removes its files.
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    /// <summary>A file another process is still writing, read whole.</summary>
    public static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
