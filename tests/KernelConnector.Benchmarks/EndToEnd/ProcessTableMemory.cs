using System;
using System.Collections.Generic;
using KernelConnector.ProcessEvents;

namespace KernelConnector.Benchmarks.EndToEnd;

/// <summary>
/// What a process table holds per process: tables seeded from this machine's /proc (every detail,
/// and the command line only), and forked-then-exited children kept after their exit.
/// </summary>
internal static class ProcessTableMemory
{
    public static int Run()
    {
        var (all, count) = Seeded(ProcessDetails.All);
        var (arguments, _) = Seeded(ProcessDetails.Arguments);
        var exited = ForkedAndExited(50_000);
        Console.WriteLine($"| a process seeded from /proc, every detail ({count} processes) | {all:0} bytes |");
        Console.WriteLine($"| a process seeded from /proc, command line only | {arguments:0} bytes |");
        Console.WriteLine($"| a forked child kept after its exit (shares its parent's strings) | {exited:0} bytes |");
        return 0;
    }

    private static (double PerProcess, int Count) Seeded(ProcessDetails details)
    {
        new ProcessTable(new ProcessTableOptions { Details = details }).Seed(); // warm-up: caches, JIT
        var tables = new List<ProcessTable>();
        var before = Heap();
        var count = 0;
        for (var i = 0; i < 20; i++)
        {
            var table = new ProcessTable(new ProcessTableOptions { Details = details });
            count += table.Seed();
            tables.Add(table);
        }

        var after = Heap();
        GC.KeepAlive(tables);
        return ((after - before) / (double)count, count / 20);
    }

    private static double ForkedAndExited(int children)
    {
        var table = new ProcessTable(new ProcessTableOptions { Details = ProcessDetails.Arguments, RetainExited = children });
        table.Seed();
        var self = Environment.ProcessId;
        var before = Heap();
        for (var i = 0; i < children; i++)
        {
            // Pids above the kernel's limit: never a live process, so nothing is read for them.
            var pid = 5_000_000 + i;
            var ns = (ulong)(i + 1) * 1_000_000;
            table.Apply(new ProcEvent { What = ProcEventKind.Fork, TimestampNs = ns, Fork = new ProcForkEvent { ParentPid = self, ParentTgid = self, ChildPid = pid, ChildTgid = pid } });
            table.Apply(new ProcEvent { What = ProcEventKind.Exit, TimestampNs = ns + 5, Exit = new ProcExitEvent { ProcessPid = pid, ProcessTgid = pid } });
        }

        var after = Heap();
        GC.KeepAlive(table);
        return (after - before) / (double)children;
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
