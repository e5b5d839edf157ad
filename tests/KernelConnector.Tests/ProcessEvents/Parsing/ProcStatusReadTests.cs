using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Parsing;

/// <summary><see cref="ProcStatus.TryRead"/> against the real <c>/proc</c>, including a process in a pid namespace of its own.</summary>
public sealed class ProcStatusReadTests
{
    [Fact]
    public async Task This_process_matches_its_pid_and_the_ids_that_id_prints()
    {
        var realUid = await IdAsync("-ru");
        var effectiveUid = await IdAsync("-u");
        var realGid = await IdAsync("-rg");
        var effectiveGid = await IdAsync("-g");

        var status = ProcStatus.TryRead(Environment.ProcessId);

        Assert.NotNull(status);
        var self = status.Value;
        Assert.Equal(Environment.ProcessId, self.Tgid);
        Assert.Equal(File.ReadAllText("/proc/self/comm").TrimEnd('\n'), self.Name);
        Assert.Equal(ProcessSnapshot.TryRead(Environment.ProcessId)!.ParentPid, self.PPid);
        Assert.Equal(realUid, self.Uid);
        Assert.Equal(effectiveUid, self.EffectiveUid);
        Assert.Equal(realGid, self.Gid);
        Assert.Equal(effectiveGid, self.EffectiveGid);
        Assert.Equal(Environment.ProcessId, self.NamespacePids[0]);
        Assert.Equal(Environment.ProcessId, self.NamespaceTgids[0]);
        Assert.NotEmpty(self.NamespaceSessionIds);

        // The runtime starts its own threads (GC, finalizer, tiered compilation) before any test runs.
        Assert.True(self.Threads > 1, $"{self.Threads} threads");
    }

    [Fact]
    public void A_process_that_has_exited_gives_null()
    {
        using var process = Process.Start("/bin/true")!;
        process.WaitForExit();

        Assert.Null(ProcStatus.TryRead(process.Id));
    }

    [Fact]
    public async Task A_process_in_a_new_pid_namespace_is_pid_1_there()
    {
        if (Environment.UserName != "root")
        {
            Assert.Skip("unshare --pid needs root");
        }

        var start = new ProcessStartInfo("/usr/bin/unshare", ["--pid", "--fork", "--kill-child", "--mount-proc", "sleep", "30"]) { UseShellExecute = false };
        using var unshare = Process.Start(start)!;
        var child = 0;
        try
        {
            ProcStatus? status = null;
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(20) && !unshare.HasExited)
            {
                child = Children(unshare.Id).FirstOrDefault();

                // The forked child is "unshare" until it has exec'd sleep.
                if (child != 0 && ProcStatus.TryRead(child) is { Name: "sleep" } found)
                {
                    status = found;
                    break;
                }

                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            Assert.NotNull(status);
            var sleep = status.Value;
            Assert.Equal(child, sleep.Tgid);
            Assert.Equal(unshare.Id, sleep.PPid);
            Assert.Equal(2, sleep.NamespacePids.Length);
            Assert.Equal(child, sleep.NamespacePids[0]);
            Assert.Equal(1, sleep.NamespacePids[^1]);
            Assert.Equal([child, 1], sleep.NamespaceTgids);

            // The sid leader lives outside the new namespace, which has no pid for it.
            Assert.Equal(2, sleep.NamespaceSessionIds.Length);
            Assert.Equal(0, sleep.NamespaceSessionIds[^1]);
        }
        finally
        {
            unshare.Kill(entireProcessTree: true);
            unshare.WaitForExit();
            if (child != 0)
            {
                WaitUntilGone(child);
            }
        }
    }

    private static int[] Children(int pid)
    {
        try
        {
            return Directory.EnumerateDirectories($"/proc/{pid}/task")
                .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(id => int.Parse(id, CultureInfo.InvariantCulture))
                .ToArray();
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static void WaitUntilGone(int pid)
    {
        for (var i = 0; i < 100 && Directory.Exists($"/proc/{pid}"); i++)
        {
            Thread.Sleep(20);
        }

        Assert.False(Directory.Exists($"/proc/{pid}"), $"the sleep in the pid namespace ({pid}) outlived the test");
    }

    private static async Task<uint> IdAsync(string option)
    {
        var result = await ProcessRunner.RunAsync("id", [option], Path.GetTempPath(), timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(0, result.ExitCode);
        return uint.Parse(result.Output.Trim(), CultureInfo.InvariantCulture);
    }
}
