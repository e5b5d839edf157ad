using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Truth;

/// <summary>
/// The warm-up (<c>ProcessEventSourceOptions.WarmUp</c>): ProcMonitor on the JIT meets its first
/// storm with the event path already compiled at full optimisation, the library's and its own
/// lines', instead of compiling it while the storm runs. Read from the runtime's own list of what
/// it compiled (<c>DOTNET_JitStdOutFile</c> with <c>DOTNET_JitDisasmSummary</c>).
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class WarmUpTruthTests
{
    // The methods every fork, exec and exit runs: the batch preview, the walk with the session,
    // the dispatch to the table, and ProcMonitor's line.
    private static readonly string[] HotPath =
    [
        "KernelConnector.ProcessEvents.ProcessEventHandler:Preview",
        "KernelConnector.Protocol.ReceiveSession:Receive",
        "KernelConnector.ProcessEvents.ProcessEventHandler:OnProcEvent",
        "KernelConnector.ProcessEvents.ProcessTable:Apply",
        "KernelConnector.ProcessEvents.ProcessTable:OnForkLocked",
        "KernelConnector.ProcessEvents.ProcessTable:PrefetchCommandLine",
        "KernelConnector.ProcessEvents.ProcessTable:OnExecLocked",
        "KernelConnector.ProcessEvents.ProcessTable:OnExitLocked",
        "ProcMonitor.EventPrinter:OnEvent",
        "ProcMonitor.Monitor:Describe",
        "ProcMonitor.EventWriter:WriteLocked",
    ];

    // More calls than the runtime needs to promote a method three times (30 calls each): without
    // the warm-up, every method above is compiled again during this storm.
    private const int StormSize = 500;

    [Fact]
    public async Task ProcMonitor_meets_its_first_storm_with_the_event_path_compiled_at_full_optimisation()
    {
        KernelRequirement.Require();
        var output = TestContext.Current.TestOutputHelper!;
        var storm = await Programs.StormAsync();
        var work = Directory.CreateTempSubdirectory("kc-warmup-").FullName;
        try
        {
            var jit = Path.Combine(work, "jit.txt");
            using var monitor = BackgroundProcess.Start("env",
                [$"DOTNET_JitStdOutFile={jit}", "DOTNET_JitDisasmSummary=1", "dotnet", Repository.SampleAssembly("ProcMonitor")],
                work, "procmonitor");
            await monitor.WaitForAsync(() => monitor.Stderr.Contains("listening", StringComparison.Ordinal), "ProcMonitor to listen");
            await WaitUntilStillAsync(jit, monitor);

            var before = BackgroundProcess.ReadShared(jit);
            var stormPid = await Programs.RunStormAsync(storm, StormSize, work, TimeSpan.FromMinutes(2));
            await monitor.WaitForAsync(() => monitor.Stdout.Contains(MonitorRun.TextColumns("exit", stormPid), StringComparison.Ordinal), "the storm's own exit");
            var during = BackgroundProcess.ReadShared(jit)[before.Length..];
            await monitor.InterruptAsync();

            var compiledDuring = Compiled(during).ToList();
            output.WriteLine($"{Compiled(before).Count()} methods compiled before the storm, {compiledDuring.Count} during it:");
            foreach (var line in compiledDuring)
            {
                output.WriteLine(line);
            }

            // The runtime's list names the path's entry points, and the warm-up got each to full
            // optimisation (the table's inner methods may be inlined into Apply at tier 1).
            Assert.All(HotPath.Where(method => !method.EndsWith("Locked", StringComparison.Ordinal)), method => Assert.Contains(Compiled(before), line => line.StartsWith(method + "(", StringComparison.Ordinal) && line.Contains("[Tier1", StringComparison.Ordinal)));
            // The storm compiled none of them again.
            Assert.DoesNotContain(compiledDuring, line => HotPath.Any(method => line.StartsWith(method + "(", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Waits for the warm-up to end: the runtime's list stops growing for a second and a half.</summary>
    private static async Task WaitUntilStillAsync(string jit, BackgroundProcess monitor)
    {
        var length = -1L;
        var still = Stopwatch.StartNew();
        var deadline = Stopwatch.StartNew();
        while (still.Elapsed < TimeSpan.FromSeconds(1.5))
        {
            Assert.False(monitor.HasExited, "ProcMonitor ended during its warm-up:\n" + monitor.Stderr);
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "ProcMonitor kept compiling for a minute after it listened");
            var now = new FileInfo(jit).Length;
            if (now != length)
            {
                length = now;
                still.Restart();
            }

            await Task.Delay(100);
        }
    }

    /// <summary>"Namespace.Type:Method(arguments) [tier, ...]" for each method the list names.</summary>
    private static System.Collections.Generic.IEnumerable<string> Compiled(string list) =>
        list.Split('\n')
            .Select(line => line.IndexOf("JIT compiled ", StringComparison.Ordinal) is var at and >= 0 ? line[(at + "JIT compiled ".Length)..] : null)
            .OfType<string>();
}
