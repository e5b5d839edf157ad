using System;
using System.Linq;
using KernelConnector.ProcessEvents;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Table;

/// <summary>What the table says about a process, after the events a real machine sends, against a fake /proc.</summary>
public sealed class ProcessTableTests : IDisposable
{
    private const ulong Second = 1_000_000_000;
    private readonly FakeProc _proc = new();

    public void Dispose() => _proc.Dispose();

    [Fact]
    public void A_command_line_over_4_KiB_is_cut_and_says_so_and_one_of_exactly_4_KiB_is_whole()
    {
        _proc.Add(100, 1, "sh", ["sh"], startTicks: 500);
        var table = _proc.NewTable();
        table.Seed();

        // 4,096 bytes with the NULs: "/bin/prog" and its NUL, 4,085 bytes and a NUL.
        string[] whole = ["/bin/prog", new string('a', 4096 - 10 - 1)];
        _proc.Add(200, 100, "prog", whole, startTicks: 1000);
        table.Apply(FakeProc.Fork(100, 200, 200, 10 * Second));
        var fits = table.Apply(FakeProc.Exec(200, (10 * Second) + 1))!;
        Assert.False(fits.ArgumentsTruncated);
        Assert.Equal(whole, fits.Arguments);
        Assert.Equal(string.Join(' ', whole), fits.DisplayName);

        // Longer: the last argument is cut to what fits (4,086 bytes, no NUL left), and the name says so.
        _proc.Add(300, 100, "prog", ["/bin/prog", new string('c', 100_000)], startTicks: 1100);
        table.Apply(FakeProc.Fork(100, 300, 300, 11 * Second));
        var cut = table.Apply(FakeProc.Exec(300, (11 * Second) + 1))!;
        Assert.Equal(["/bin/prog", new string('c', 4096 - 10)], cut.Arguments);
        Assert.True(cut.ArgumentsTruncated);
        Assert.Equal("/bin/prog " + new string('c', 4096 - 10) + ProcessRecord.TruncatedMarker, cut.DisplayName);

        // A child it forks runs the same program, cut the same way; its exec is read anew.
        var child = table.Apply(FakeProc.Fork(300, 301, 301, 12 * Second))!;
        Assert.True(child.ArgumentsTruncated);
        Assert.Equal(cut.DisplayName, child.DisplayName);
        _proc.Add(301, 300, "true", ["/bin/true"], startTicks: 1200);
        Assert.False(table.Apply(FakeProc.Exec(301, (12 * Second) + 1))!.ArgumentsTruncated);
    }

    [Fact]
    public void A_threaded_program_keeps_its_own_name_parent_and_start_through_a_clone_and_a_thread_exit()
    {
        // sh -c './thrtest; echo …' forks; the child execs ./thrtest, starts a thread and exits 5.
        _proc.Add(100, 1, "sh", ["sh", "-c", "./thrtest; echo done"], startTicks: 500);
        var table = _proc.NewTable();
        table.Seed();
        var shell = table.Find(100)!;

        _proc.Add(200, 100, "sh", ["sh", "-c", "./thrtest; echo done"], startTicks: 1000);
        var forked = table.Apply(FakeProc.Fork(100, 200, 200, 10 * Second))!;
        Assert.Equal("sh -c ./thrtest; echo done", forked.DisplayName);
        Assert.Equal(ProcessNameSource.Inherited, forked.NameSource);

        _proc.Add(200, 100, "thrtest", ["./thrtest"], startTicks: 1000);
        table.Apply(FakeProc.Exec(200, (10 * Second) + 1_000_000));
        var clone = table.Apply(FakeProc.Fork(200, 201, 200, (10 * Second) + 416_000_000, parentPid: 200))!;
        var threadExit = table.Apply(FakeProc.Exit(201, 200, (10 * Second) + 600_000_000, parentTgid: 100))!;
        var exit = table.Apply(FakeProc.Exit(200, 200, (10 * Second) + 626_000_000, status: 5, parentTgid: 100))!;

        Assert.Same(forked, clone);
        Assert.Same(forked, threadExit);
        Assert.Same(forked, exit);
        Assert.Equal(new ProcessKey(200, 1000), exit.Key);
        Assert.Equal("./thrtest", exit.DisplayName);
        Assert.Equal("thrtest", exit.Comm);
        Assert.Same(shell, exit.Parent);
        Assert.Equal(TimeSpan.FromMilliseconds(626), exit.Duration);
        Assert.Equal(5, exit.Exit!.ExitStatus);
        Assert.Equal(0, exit.Exit.TerminationSignal);
        Assert.False(shell.HasExited);
        Assert.Equal(1, table.Statistics.Threads);
    }

    [Fact]
    public void A_thread_exit_does_not_end_its_process()
    {
        _proc.Add(300, 1, "server", ["/usr/bin/server"], startTicks: 42);
        var table = _proc.NewTable();
        table.Seed();
        table.Apply(FakeProc.Fork(300, 301, 300, Second));
        table.Apply(FakeProc.Exit(301, 300, 2 * Second));

        var process = table.Find(300)!;
        Assert.False(process.HasExited);
        Assert.Contains(process, table.LiveProcesses());
        Assert.Equal(0, table.Statistics.Exits);
    }

    [Fact]
    public void An_exec_of_a_process_already_reaped_is_unknown_never_the_parents_program()
    {
        _proc.Add(100, 1, "sh", ["sh", "-c", "for i in 1 2 3; do /bin/true; done"], startTicks: 10);
        var table = _proc.NewTable();
        table.Seed();
        table.Apply(FakeProc.Fork(100, 400, 400, 5 * Second));

        // By the time the exec is handled, /bin/true has exited and been reaped.
        var exec = table.Apply(FakeProc.Exec(400, (5 * Second) + 1000))!;
        Assert.Equal(ProcessNameSource.Unknown, exec.NameSource);
        Assert.Equal(ProcessRecord.UnknownName, exec.DisplayName);
        Assert.Equal("", exec.Comm);
        Assert.DoesNotContain("for i", exec.DisplayName, StringComparison.Ordinal);

        var exit = table.Apply(FakeProc.Exit(400, 400, (5 * Second) + 2000, parentTgid: 100))!;
        Assert.Equal(ProcessRecord.UnknownName, exit.DisplayName);
        Assert.Equal(1, table.Statistics.NamesUnknown);
    }

    [Fact]
    public void An_exec_of_a_zombie_is_named_by_its_comm()
    {
        _proc.Add(100, 1, "sh", ["sh", "-c", "true"], startTicks: 10);
        var table = _proc.NewTable();
        table.Seed();
        _proc.Add(401, 100, "sh", ["sh", "-c", "true"], startTicks: 700);
        table.Apply(FakeProc.Fork(100, 401, 401, 7 * Second));

        // It exec'd /bin/true and exited; the parent has not reaped it yet.
        _proc.Add(401, 100, "true", ["/bin/true"], startTicks: 700);
        _proc.MakeZombie(401);
        var exec = table.Apply(FakeProc.Exec(401, (7 * Second) + 1000))!;

        Assert.Equal(ProcessNameSource.Comm, exec.NameSource);
        Assert.Equal("[true]", exec.DisplayName);
        Assert.Equal(1, table.Statistics.NamedFromComm);
    }

    [Fact]
    public void An_exec_whose_pid_already_belongs_to_another_process_is_not_named_after_that_one()
    {
        _proc.Add(100, 1, "sh", ["sh"], startTicks: 10);
        var table = _proc.NewTable();
        table.Seed();
        _proc.Add(402, 100, "sh", ["sh"], startTicks: 800);
        table.Apply(FakeProc.Fork(100, 402, 402, 8 * Second));

        // Reaped, and the pid reused by an unrelated process that started later.
        _proc.Add(402, 1, "cron", ["/usr/sbin/cron"], startTicks: 900);
        var exec = table.Apply(FakeProc.Exec(402, (8 * Second) + 1000))!;

        Assert.Equal(ProcessNameSource.Unknown, exec.NameSource);
        Assert.DoesNotContain("cron", exec.DisplayName, StringComparison.Ordinal);
    }

    [Fact]
    public void Pid_reuse_gives_a_new_identity_and_the_old_process_stays_findable_by_its_key()
    {
        _proc.Add(100, 1, "sh", ["sh"], startTicks: 10);
        var table = _proc.NewTable();
        table.Seed();
        _proc.Add(500, 100, "sh", ["sh"], startTicks: 2000);
        var first = table.Apply(FakeProc.Fork(100, 500, 500, 20 * Second))!;
        table.Apply(FakeProc.Exit(500, 500, 21 * Second, status: 1, parentTgid: 100));
        _proc.Add(500, 100, "sh", ["sh"], startTicks: 3000);
        var second = table.Apply(FakeProc.Fork(100, 500, 500, 30 * Second))!;

        Assert.NotEqual(first.Key, second.Key);
        Assert.Same(second, table.Find(500));
        Assert.Same(first, table.Find(first.Key));
        Assert.Equal(1, table.Find(first.Key)!.Exit!.ExitStatus);
        Assert.False(second.HasExited);
    }

    [Fact]
    public void A_fork_over_a_live_pid_ends_the_previous_holder_as_vanished()
    {
        _proc.Add(100, 1, "sh", ["sh"], startTicks: 10);
        _proc.Add(600, 100, "old", ["old"], startTicks: 20);
        var table = _proc.NewTable();
        table.Seed();
        var old = table.Find(600)!;

        _proc.Add(600, 100, "sh", ["sh"], startTicks: 5000);
        var fresh = table.Apply(FakeProc.Fork(100, 600, 600, 50 * Second))!;

        Assert.NotSame(old, fresh);
        Assert.False(old.Exit!.IsKnown);
        Assert.Null(old.Duration);
    }

    [Fact]
    public void Uid_gid_sid_and_comm_events_update_the_process_and_keep_the_old_name()
    {
        _proc.Add(700, 1, "daemon", ["/usr/sbin/daemon"], startTicks: 10, uid: 1000, sid: 1);
        var table = _proc.NewTable();
        table.Seed();

        table.Apply(FakeProc.Id(ProcEventKind.Uid, 700, 0, 0, Second));
        table.Apply(FakeProc.Id(ProcEventKind.Gid, 700, 0, 0, Second));
        table.Apply(FakeProc.Sid(700, Second));
        var renamed = table.Apply(FakeProc.Comm(700, 700, "worker", Second))!;
        var threadRenamed = table.Apply(FakeProc.Comm(701, 700, "helper-thread", Second))!;

        Assert.Equal(0u, renamed.Uid);
        Assert.Equal("root", renamed.UserName);
        Assert.Equal(0u, renamed.Gid);
        Assert.Equal(700, renamed.SessionId);
        Assert.Equal("worker", renamed.Comm);
        Assert.Equal("daemon", renamed.PreviousComm);
        Assert.Same(renamed, threadRenamed);
        Assert.Equal("worker", threadRenamed.Comm);
    }

    [Fact]
    public void An_exit_that_reports_a_new_parent_records_the_reparenting()
    {
        _proc.Add(1, 0, "init", ["/sbin/init"], startTicks: 1);
        _proc.Add(100, 1, "sh", ["sh"], startTicks: 10);
        _proc.Add(800, 100, "daemon", ["daemon"], startTicks: 20);
        var table = _proc.NewTable();
        table.Seed();
        table.Apply(FakeProc.Exit(100, 100, Second, parentTgid: 1));
        var orphan = table.Apply(FakeProc.Exit(800, 800, 2 * Second, parentTgid: 1))!;

        Assert.Equal(1, orphan.ParentPid);
        Assert.Same(table.Find(1), orphan.Parent);
    }

    [Fact]
    public void Lineage_gives_children_subtree_and_ancestors()
    {
        _proc.Add(1, 0, "init", ["/sbin/init"], startTicks: 1);
        _proc.Add(10, 1, "sshd", ["sshd"], startTicks: 2);
        _proc.Add(20, 10, "bash", ["-bash"], startTicks: 3);
        _proc.Add(30, 20, "make", ["make"], startTicks: 4);
        _proc.Add(31, 20, "vim", ["vim"], startTicks: 5);
        _proc.Add(40, 1, "cron", ["cron"], startTicks: 6);
        var table = _proc.NewTable();
        table.Seed();
        var bash = table.Find(20)!;

        Assert.Equal([30, 31], table.Children(bash).Select(p => p.Pid));
        Assert.Equal([20, 30, 31], table.Subtree(bash).Select(p => p.Pid));
        Assert.Equal([20, 10, 1], ProcessTable.Ancestors(table.Find(30)!).Select(p => p.Pid));
        Assert.True(table.Find(31)!.IsDescendantOf(table.Find(10)!.Key));
        Assert.False(table.Find(40)!.IsDescendantOf(bash.Key));
    }

    [Fact]
    public void Seeding_reads_identity_program_user_session_cgroup_and_namespace_pid()
    {
        _proc.Add(900, 1, "nginx", ["nginx: master process", "-g", "daemon off;"], startTicks: 12345, uid: 0, sid: 900,
            cgroup: "0::/system.slice/docker-" + new string('a', 64) + ".scope", nsPids: [900, 1]);
        _proc.Add(901, 2, "kworker/0:1", [], startTicks: 3);
        var table = _proc.NewTable();
        Assert.Equal(2, table.Seed());

        var nginx = table.Find(900)!;
        Assert.Equal(new ProcessKey(900, 12345), nginx.Key);
        Assert.Equal(ProcessOrigin.Seeded, nginx.Origin);
        Assert.Equal(["nginx: master process", "-g", "daemon off;"], nginx.Arguments);
        Assert.Equal("root", nginx.UserName);
        Assert.Equal(900, nginx.SessionId);
        Assert.Equal("/system.slice/docker-" + new string('a', 64) + ".scope", nginx.CgroupPath);
        Assert.Equal(ContainerRuntime.Docker, nginx.Container!.Runtime);
        Assert.Equal(1, nginx.NamespacePid);
        Assert.Equal("[kworker/0:1]", table.Find(901)!.DisplayName);
    }

    [Fact]
    public void Exited_processes_are_kept_up_to_the_bound_and_the_oldest_forgotten()
    {
        _proc.Add(100, 1, "sh", ["sh"], startTicks: 10);
        var table = _proc.NewTable(retainExited: 10);
        table.Seed();
        for (var i = 0; i < 100; i++)
        {
            table.Apply(FakeProc.Fork(100, 1000 + i, 1000 + i, (ulong)(i + 1) * Second));
            table.Apply(FakeProc.Exit(1000 + i, 1000 + i, ((ulong)(i + 1) * Second) + 5, parentTgid: 100));
        }

        var stats = table.Statistics;
        Assert.Equal(10, stats.Exited);
        Assert.Equal(90, stats.Evicted);
        Assert.Equal(1, stats.Live);
        Assert.Null(table.Find(1000));
        Assert.NotNull(table.Find(1099));
        Assert.Equal(Enumerable.Range(1090, 10), table.ExitedProcesses().Select(p => p.Pid));
    }

    [Fact]
    public void Resynchronising_adds_what_was_missed_and_ends_what_vanished_and_tells_it()
    {
        _proc.Add(100, 1, "sh", ["sh"], startTicks: 10);
        _proc.Add(101, 1, "gone", ["gone"], startTicks: 11);
        _proc.Add(102, 1, "reused", ["old"], startTicks: 12);
        var table = _proc.NewTable();
        table.Seed();
        var gone = table.Find(101)!;
        var reusedOld = table.Find(102)!;

        // While events were lost: 101 exited, 102 exited and its pid went to a new process, 103 started.
        _proc.Remove(101);
        _proc.Add(102, 100, "new", ["new"], startTicks: 99);
        _proc.Add(103, 100, "late", ["late", "--flag"], startTicks: 100);
        ProcessResyncEventArgs? told = null;
        table.Resynchronized += (_, e) => told = e;
        var report = table.Resynchronize(ConnectorLossKind.Overrun);

        Assert.Same(report, told);
        Assert.Equal(2, report.Added);
        Assert.Equal(2, report.Vanished);
        Assert.False(gone.Exit!.IsKnown);
        Assert.False(reusedOld.Exit!.IsKnown);
        Assert.Equal("new", table.Find(102)!.DisplayName);
        Assert.Equal(ProcessOrigin.Resynchronized, table.Find(103)!.Origin);
        Assert.Same(table.Find(100), table.Find(103)!.Parent);
        var stats = table.Statistics;
        Assert.Equal(1, stats.Resynchronizations);
        Assert.Equal(2, stats.ResyncAdded);
        Assert.Equal(2, stats.ResyncVanished);
    }

    [Fact]
    public void An_event_about_an_unknown_process_reads_it_from_proc()
    {
        var table = _proc.NewTable();
        _proc.Add(1200, 1, "late", ["late"], startTicks: 77);
        var process = table.Apply(FakeProc.Id(ProcEventKind.Uid, 1200, 1000, 1000, Second))!;

        Assert.Equal(ProcessOrigin.Discovered, process.Origin);
        Assert.Equal(new ProcessKey(1200, 77), process.Key);
        Assert.Equal(1, table.Statistics.Discovered);
    }

    [Fact]
    public void The_exit_of_a_process_never_seen_alive_has_no_duration()
    {
        var table = _proc.NewTable();
        var exit = table.Apply(FakeProc.Exit(1300, 1300, 9 * Second, status: 2))!;

        Assert.Equal(ProcessRecord.UnknownName, exit.DisplayName);
        Assert.Null(exit.Duration);
        Assert.Equal(2, exit.Exit!.ExitStatus);
    }

    [Fact]
    public void A_rename_read_from_proc_before_its_event_has_no_old_name_rather_than_the_new_one_twice()
    {
        // The exec was handled after the program had already renamed itself.
        _proc.Add(1400, 1, "renamed-proc", ["./renamer"], startTicks: 9);
        var table = _proc.NewTable();
        table.Seed();
        var renamed = table.Apply(FakeProc.Comm(1400, 1400, "renamed-proc", Second))!;

        Assert.Null(renamed.PreviousComm);
        Assert.Equal("renamed-proc", renamed.Comm);
    }
}
