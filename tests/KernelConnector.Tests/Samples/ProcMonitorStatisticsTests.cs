using System;
using System.IO;
using KernelConnector.Tests.ProcessEvents.Table;
using ProcMonitor;
using Xunit;

namespace KernelConnector.Tests.Samples;

/// <summary>The name ProcMonitor's <c>-S</c> table counts a process under.</summary>
public sealed class ProcMonitorStatisticsTests : IDisposable
{
    private const ulong Second = 1_000_000_000;
    private readonly FakeProc _proc = new();

    public void Dispose() => _proc.Dispose();

    [Fact]
    public void A_program_whose_comm_could_not_be_read_is_counted_under_its_program_not_unknown()
    {
        _proc.Add(100, 1, "sh", ["sh"], startTicks: 500);
        var table = _proc.NewTable();
        table.Seed();

        // The command line was read, then the process was reaped before comm was: comm is empty
        // while the line names the program.
        _proc.Add(200, 100, "sh", ["sh"], startTicks: 1000);
        table.Apply(FakeProc.Fork(100, 200, 200, 10 * Second));
        _proc.Add(200, 100, "a-rather-long-program-name", ["/usr/local/bin/a-rather-long-program-name", "--flag"], startTicks: 1000);
        File.Delete(Path.Combine(_proc.Root, "200", "comm"));
        var exec = table.Apply(FakeProc.Exec(200, (10 * Second) + 1_000_000))!;
        Assert.Equal("", exec.Comm);
        Assert.Equal("/usr/local/bin/a-rather-long-program-name --flag", exec.DisplayName);

        // Cut as exec cuts comm: 15 bytes.
        Assert.Equal("a-rather-long-p", ProcessStatistics.NameOf(exec));
        Assert.Equal("sh", ProcessStatistics.NameOf(table.Find(100)));
        Assert.Equal("<unknown>", ProcessStatistics.NameOf(null));
    }
}
