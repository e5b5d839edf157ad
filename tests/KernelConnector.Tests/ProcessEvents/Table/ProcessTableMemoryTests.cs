using System;
using KernelConnector.ProcessEvents;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Table;

/// <summary>
/// The table's memory bound, measured on the whole process's heap: it runs with the process-wide
/// tests, alone, so that no other test's allocations are counted.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ProcessTableMemoryTests : IDisposable
{
    private readonly FakeProc _proc = new();

    public void Dispose() => _proc.Dispose();

    [Fact]
    public void Memory_stays_flat_through_a_100000_process_churn()
    {
        _proc.Add(100, 1, "sh", ["sh", "-c", "churn"], startTicks: 10);
        var table = _proc.NewTable(retainExited: 1000);
        table.Seed();
        long Churn(int from, int count)
        {
            for (var i = from; i < from + count; i++)
            {
                var pid = 10_000 + (i % 50_000);
                var ns = (ulong)(i + 1) * 1_000_000;
                table.Apply(FakeProc.Fork(100, pid, pid, ns));
                table.Apply(FakeProc.Exec(pid, ns + 10));
                table.Apply(FakeProc.Exit(pid, pid, ns + 20, parentTgid: 100));
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return GC.GetTotalMemory(forceFullCollection: true);
        }

        var afterTenThousand = Churn(0, 10_000);
        var afterHundredThousand = Churn(10_000, 90_000);

        Assert.Equal(1000, table.Statistics.Exited);
        Assert.Equal(99_000, table.Statistics.Evicted);
        Assert.Equal(1, table.Statistics.Live);

        // Bounded: the retained records are the same number either way; allow for allocator noise.
        Assert.True(afterHundredThousand < afterTenThousand + (512 * 1024), $"heap grew from {afterTenThousand} to {afterHundredThousand} bytes");
    }
}
