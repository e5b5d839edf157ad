using System;
using KernelConnector.ProcessEvents;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Table;

/// <summary>
/// A program that renames itself (prctl PR_SET_NAME) right after its exec: a table that reads its
/// comm after the rename must not give the exec the new name when the rename's event, received in
/// the same batch, says the name is the rename's.
/// </summary>
public sealed class ExecRenameTests : IDisposable
{
    // Forked at 10 s since boot: /proc's start time of 1,000 ticks is the same process.
    private const ulong Forked10s = 10_000_000_000;
    private const ulong Second = 1_000_000_000;
    private readonly FakeProc _proc = new();

    public void Dispose() => _proc.Dispose();

    [Fact]
    public void A_comm_a_rename_in_the_same_batch_set_is_not_the_exec_s_and_the_rename_says_no_old_name()
    {
        var (table, handler) = Forked();
        _proc.Add(500, 1, "renamed-early", ["./quickrename"], startTicks: 1000);
        handler.Preview(FakeProc.Datagram(FakeProc.Exec(500, Forked10s + 1)), senderPortId: 0, rung: false);
        handler.Preview(FakeProc.Datagram(FakeProc.Comm(500, 500, "renamed-early", Forked10s + 2)), senderPortId: 0, rung: false);
        Assert.Equal(1, table.PendingRenames);

        var exec = table.Apply(FakeProc.Exec(500, Forked10s + 1))!;
        Assert.Equal("./quickrename", exec.DisplayName);
        Assert.Equal(ProcessNameSource.CommandLine, exec.NameSource);
        Assert.Equal("", exec.Comm);

        var renamed = table.Apply(FakeProc.Comm(500, 500, "renamed-early", Forked10s + 2))!;
        Assert.Equal("renamed-early", renamed.Comm);
        Assert.Null(renamed.PreviousComm);
        Assert.Equal(0, table.PendingRenames);
    }

    [Fact]
    public void A_comm_read_before_the_rename_is_kept_and_a_thread_s_rename_is_not_the_process_s()
    {
        // The read shows the program's own name: the rename received later set another one.
        var (table, handler) = Forked();
        _proc.Add(500, 1, "quickrename", ["./quickrename"], startTicks: 1000);
        handler.Preview(FakeProc.Datagram(FakeProc.Comm(500, 500, "renamed-early", Forked10s + 2)), senderPortId: 0, rung: false);
        Assert.Equal("quickrename", table.Apply(FakeProc.Exec(500, Forked10s + 1))!.Comm);
        Assert.Equal("quickrename", table.Apply(FakeProc.Comm(500, 500, "renamed-early", Forked10s + 2))!.PreviousComm);

        // A thread's rename leaves the process's name (its leader's) alone: nothing to note.
        _proc.Add(600, 1, "worker", ["./server"], startTicks: 1100);
        table.Apply(FakeProc.Fork(1, 600, 600, Forked10s + Second));
        handler.Preview(FakeProc.Datagram(FakeProc.Comm(601, 600, "worker", Forked10s + Second + 2)), senderPortId: 0, rung: false);
        Assert.Equal(0, table.PendingRenames);
        Assert.Equal("worker", table.Apply(FakeProc.Exec(600, Forked10s + Second + 1))!.Comm);
    }

    [Fact]
    public void A_zombie_whose_comm_a_later_rename_set_is_unknown_not_named_by_the_rename()
    {
        // The program renamed itself and exited before the table read it: the zombie's comm is
        // the rename's, and nothing else is left of the exec's name.
        var (table, handler) = Forked();
        _proc.Add(500, 1, "renamed-early", ["./quickrename"], startTicks: 1000);
        _proc.MakeZombie(500);
        handler.Preview(FakeProc.Datagram(FakeProc.Comm(500, 500, "renamed-early", Forked10s + 2)), senderPortId: 0, rung: false);
        var exec = table.Apply(FakeProc.Exec(500, Forked10s + 1))!;
        Assert.Equal(ProcessNameSource.Unknown, exec.NameSource);
        Assert.Equal(ProcessRecord.UnknownName, exec.DisplayName);
    }

    private (ProcessTable Table, ProcessEventHandler Handler) Forked()
    {
        _proc.Add(1, 0, "init", ["/sbin/init"], startTicks: 1);
        var table = _proc.NewTable();
        table.Seed();
        table.Apply(FakeProc.Fork(1, 500, 500, Forked10s));
        return (table, new ProcessEventHandler(null, null, table));
    }
}
