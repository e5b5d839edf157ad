using System;
using KernelConnector.ProcessEvents;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Table;

/// <summary>
/// Whose user an exec ran as: the ids a process had at the exec, carried from its fork and its id
/// events in the kernel's order, not what <c>/proc</c> shows when the table gets to it (by then
/// <c>setpriv --reuid</c> has dropped to its new user); <c>/proc</c> only where nothing is known.
/// </summary>
public sealed class ExecCredentialsTests : IDisposable
{
    private const ulong Second = 1_000_000_000;
    private const uint Nobody = 65534;
    private readonly FakeProc _proc = new();

    public void Dispose() => _proc.Dispose();

    [Fact]
    public void An_exec_runs_as_the_user_it_inherited_though_proc_already_shows_the_one_it_took_next()
    {
        // bash (root) forks; the child execs setpriv, which calls setresgid/setresuid at once and
        // execs the program. The table handles setpriv's exec late: /proc shows nobody already.
        var table = SeededRootShell();
        table.Apply(FakeProc.Fork(100, 200, 200, Second));
        _proc.Add(200, 100, "setpriv", ["setpriv", "--reuid", "65534", "prog"], startTicks: 1000);
        _proc.SetIds(200, Nobody, Nobody, Nobody, Nobody);

        var setpriv = table.Apply(FakeProc.Exec(200, Second + 1))!;
        AssertUser(setpriv, 0, 0, ProcessCredentialSource.Inherited);
        Assert.Equal("root", setpriv.UserName);
        Assert.Equal(0u, setpriv.Gid);
        Assert.Equal(ProcessCredentialSource.Inherited, setpriv.GidSource);
        Assert.True(Matches(setpriv, "root"));
        Assert.False(Matches(setpriv, "65534"));

        // Its id events come next, then the program's exec: that one runs as nobody. /proc has
        // moved on again (the program changed its user once more): still not read.
        table.Apply(FakeProc.Id(ProcEventKind.Gid, 200, Nobody, Nobody, Second + 2));
        table.Apply(FakeProc.Id(ProcEventKind.Uid, 200, Nobody, Nobody, Second + 3));
        _proc.SetIds(200, 1000, 1000, 1000, 1000);
        var prog = table.Apply(FakeProc.Exec(200, Second + 4))!;
        AssertUser(prog, Nobody, Nobody, ProcessCredentialSource.Event);
        Assert.Equal(Nobody, prog.Gid);
        Assert.Equal(ProcessCredentialSource.Event, prog.GidSource);
        Assert.True(Matches(prog, "65534"));
        Assert.False(Matches(prog, "root"));
    }

    [Fact]
    public void A_set_user_id_program_s_uid_event_before_its_exec_gives_the_exec_its_effective_user()
    {
        // nobody runs su: the kernel commits su's credentials (euid root) and reports them before
        // the exec event. By the time the table reads /proc, su may have dropped them again.
        _proc.Add(1, 0, "init", ["/sbin/init"], startTicks: 1);
        _proc.Add(100, 1, "sh", ["sh"], startTicks: 500, uid: Nobody);
        var table = _proc.NewTable();
        table.Seed();
        table.Apply(FakeProc.Fork(100, 200, 200, Second));
        _proc.Add(200, 100, "su", ["su", "--help"], startTicks: 1000, uid: Nobody);
        table.Apply(FakeProc.Id(ProcEventKind.Uid, 200, Nobody, 0, Second + 1));
        var su = table.Apply(FakeProc.Exec(200, Second + 2))!;
        AssertUser(su, Nobody, 0, ProcessCredentialSource.Event);
        Assert.Equal(Nobody, su.Gid);
        Assert.Equal(ProcessCredentialSource.Inherited, su.GidSource);
    }

    [Fact]
    public void A_child_of_an_unknown_parent_has_no_user_until_its_exec_reads_one()
    {
        // The parent is gone from /proc and was never seen: nothing is read at a fork, so the
        // child's ids are unknown, not root, and match no user (not even (uid_t)-1).
        var table = SeededRootShell();
        var child = table.Apply(FakeProc.Fork(999, 300, 300, Second))!;
        Assert.Null(child.Parent);
        AssertUser(child, ProcessRecord.UnknownId, ProcessRecord.UnknownId, ProcessCredentialSource.Unknown);
        Assert.Null(child.UserName);
        Assert.Equal(ProcessRecord.UnknownId, child.Gid);
        Assert.Equal(ProcessCredentialSource.Unknown, child.GidSource);
        Assert.False(Matches(child, "root"));
        Assert.False(Matches(child, "4294967295"));

        // Its exec falls back to /proc, the only source left.
        _proc.Add(300, 999, "prog", ["prog"], startTicks: 1100, uid: 1000);
        var exec = table.Apply(FakeProc.Exec(300, Second + 1))!;
        AssertUser(exec, 1000, 1000, ProcessCredentialSource.ProcStatus);
        Assert.Equal(ProcessCredentialSource.ProcStatus, exec.GidSource);
        Assert.True(Matches(exec, "1000"));
    }

    [Fact]
    public void A_proc_read_that_shows_a_later_id_change_already_received_is_not_the_exec_s()
    {
        // A child of an unknown parent execs, then drops to nobody; both events are in one batch,
        // previewed before either is applied. /proc, read at the exec, shows nobody: that is the
        // later change's doing, so the exec's user stays unknown. The group read shows no change
        // received (the uid event is not the gid's): it is taken.
        var (table, handler) = Handler();
        table.Apply(FakeProc.Fork(999, 300, 300, Second));
        _proc.Add(300, 999, "setpriv", ["setpriv"], startTicks: 1100);
        _proc.SetIds(300, Nobody, Nobody, 0, 0);
        handler.Preview(FakeProc.Datagram(FakeProc.Exec(300, Second + 1)), senderPortId: 0, rung: false);
        handler.Preview(FakeProc.Datagram(FakeProc.Id(ProcEventKind.Uid, 300, Nobody, Nobody, Second + 2)), senderPortId: 0, rung: false);
        Assert.Equal(1, table.PendingIdChanges);

        var exec = table.Apply(FakeProc.Exec(300, Second + 1))!;
        AssertUser(exec, ProcessRecord.UnknownId, ProcessRecord.UnknownId, ProcessCredentialSource.Unknown);
        Assert.False(Matches(exec, "65534"));
        Assert.Equal(0u, exec.Gid);
        Assert.Equal(ProcessCredentialSource.ProcStatus, exec.GidSource);

        var changed = table.Apply(FakeProc.Id(ProcEventKind.Uid, 300, Nobody, Nobody, Second + 2))!;
        AssertUser(changed, Nobody, Nobody, ProcessCredentialSource.Event);
        Assert.Equal(0, table.PendingIdChanges);
    }

    [Fact]
    public void A_proc_read_that_a_later_change_does_not_explain_is_taken_at_the_exec()
    {
        // The later change received sets other ids than /proc shows: the read came before it.
        var (table, handler) = Handler();
        table.Apply(FakeProc.Fork(999, 300, 300, Second));
        _proc.Add(300, 999, "prog", ["prog"], startTicks: 1100, uid: 1000);
        handler.Preview(FakeProc.Datagram(FakeProc.Id(ProcEventKind.Uid, 300, Nobody, Nobody, Second + 2)), senderPortId: 0, rung: false);
        AssertUser(table.Apply(FakeProc.Exec(300, Second + 1))!, 1000, 1000, ProcessCredentialSource.ProcStatus);

        // And a change received before the exec is no later change: it was applied first.
        table.Apply(FakeProc.Fork(999, 301, 301, 2 * Second));
        _proc.Add(301, 999, "prog", ["prog"], startTicks: 1200, uid: Nobody);
        handler.Preview(FakeProc.Datagram(FakeProc.Id(ProcEventKind.Uid, 301, Nobody, Nobody, (2 * Second) + 1)), senderPortId: 0, rung: false);
        table.Apply(FakeProc.Id(ProcEventKind.Uid, 301, Nobody, Nobody, (2 * Second) + 1));
        AssertUser(table.Apply(FakeProc.Exec(301, (2 * Second) + 2))!, Nobody, Nobody, ProcessCredentialSource.Event);
    }

    [Fact]
    public void A_process_met_at_its_exec_whose_read_a_later_change_explains_has_no_user()
    {
        // Its fork was lost: the exec discovers it, and the discovery's read is as late as any.
        var (table, handler) = Handler();
        _proc.Add(400, 100, "setpriv", ["setpriv"], startTicks: 1300, uid: Nobody);
        handler.Preview(FakeProc.Datagram(FakeProc.Id(ProcEventKind.Uid, 400, Nobody, Nobody, Second + 2)), senderPortId: 0, rung: false);
        var exec = table.Apply(FakeProc.Exec(400, Second + 1))!;
        Assert.Equal(ProcessOrigin.Discovered, exec.Origin);
        AssertUser(exec, ProcessRecord.UnknownId, ProcessRecord.UnknownId, ProcessCredentialSource.Unknown);
    }

    [Fact]
    public void After_lost_events_the_ids_are_read_again_from_proc()
    {
        // The child's uid event was lost in an overrun: the resynchronisation reads what it is now.
        var table = SeededRootShell();
        // (Forked at 10 s since boot: /proc's start time of 1,000 ticks is the same process.)
        var child = table.Apply(FakeProc.Fork(100, 200, 200, 10 * Second))!;
        _proc.Add(200, 100, "sh", ["sh"], startTicks: 1000, uid: Nobody);
        AssertUser(child, 0, 0, ProcessCredentialSource.Inherited);
        table.Resynchronize(ConnectorLossKind.Overrun, lost: 1);
        Assert.Same(child, table.Find(200));
        AssertUser(child, Nobody, Nobody, ProcessCredentialSource.ProcStatus);
        Assert.Equal(Nobody, child.Gid);

        // What the table knows from then on is carried as before: the exec keeps it.
        _proc.SetIds(200, 0, 0, 0, 0);
        AssertUser(table.Apply(FakeProc.Exec(200, 11 * Second))!, Nobody, Nobody, ProcessCredentialSource.ProcStatus);
    }

    [Fact]
    public void Without_reading_credentials_ids_come_from_events_alone()
    {
        _proc.Add(1, 0, "init", ["/sbin/init"], startTicks: 1);
        _proc.Add(100, 1, "bash", ["bash"], startTicks: 500, uid: 1000);
        var table = new ProcessTable(new ProcessTableOptions { ProcRoot = _proc.Root, Details = ProcessDetails.Arguments });
        table.Seed();
        var shell = table.Find(100)!;
        AssertUser(shell, ProcessRecord.UnknownId, ProcessRecord.UnknownId, ProcessCredentialSource.Unknown);
        Assert.False(Matches(shell, "root"));

        table.Apply(FakeProc.Id(ProcEventKind.Uid, 100, 1000, 0, Second));
        var child = table.Apply(FakeProc.Fork(100, 200, 200, Second + 1))!;
        AssertUser(child, 1000, 0, ProcessCredentialSource.Inherited);
        Assert.Null(child.UserName);
        Assert.Equal(ProcessCredentialSource.Unknown, child.GidSource);
    }

    private static void AssertUser(ProcessRecord process, uint uid, uint euid, ProcessCredentialSource source)
    {
        Assert.Equal((uid, euid, source), (process.Uid, process.EffectiveUid, process.UidSource));
    }

    private static bool Matches(ProcessRecord process, string user) => new ProcessFilter { Users = [user] }.Matches(process);

    private ProcessTable SeededRootShell()
    {
        _proc.Add(1, 0, "init", ["/sbin/init"], startTicks: 1);
        _proc.Add(100, 1, "bash", ["bash"], startTicks: 500);
        var table = _proc.NewTable();
        table.Seed();
        return table;
    }

    private (ProcessTable Table, ProcessEventHandler Handler) Handler()
    {
        var table = SeededRootShell();
        return (table, new ProcessEventHandler(null, null, table));
    }
}
