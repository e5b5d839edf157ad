using System.Linq;
using BenchmarkDotNet.Running;

namespace KernelConnector.Benchmarks;

public static class Program
{
    /// <summary>Runs the benchmarks the arguments select; exits non-zero when one fails to run (never on timing).</summary>
    public static int Main(string[] args)
    {
        if (args is ["listen", ..])
        {
            // Process events through the library alone (a counting callback), or with a process
            // table ("listen SECONDS table|table-all"): for the storm comparison.
            var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30;
            return EndToEnd.ProcessEventListen.RunAsync(seconds, args.Length > 2 ? args[2] : "none").GetAwaiter().GetResult();
        }

        if (args is ["tablememory"])
        {
            return EndToEnd.ProcessTableMemory.Run();
        }

        if (args is ["buildcost"])
        {
            return BuildCost.BuildCostBenchmark.RunAsync().GetAwaiter().GetResult();
        }

        if (args is ["e2e", ..])
        {
            // End to end over the real kernel connector (root): see EndToEndBenchmark. "single": the
            // receive loop's fallback, one recvfrom per datagram; "nap": the loop with a 1 ms
            // ReceiveBatchDelay.
            var count = args.Length > 1 ? long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
            return EndToEnd.EndToEndBenchmark.RunAsync(count, args is [_, _, "single"], args is [_, _, "nap"]).GetAwaiter().GetResult();
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToArray();
        var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return summaries.Length == 0 || failed ? 1 : 0;
    }
}
