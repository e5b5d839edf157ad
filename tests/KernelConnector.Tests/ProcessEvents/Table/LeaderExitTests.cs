using System;
using System.Globalization;
using System.IO;
using System.Linq;
using KernelConnector.ProcessEvents;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Table;

/// <summary>
/// A thread-group leader that exits with status 0 while other threads run (<c>pthread_exit</c>):
/// the kernel sends the group's real status with the remaining threads' exits, and the last one
/// ends the process. A nonzero status is the whole group's and ends it at once. Against a fake
/// /proc whose <c>task</c> directory shows which threads are left.
/// </summary>
public sealed class LeaderExitTests : IDisposable
{
    private const ulong Second = 1_000_000_000;
    private readonly FakeProc _proc = new();

    public void Dispose() => _proc.Dispose();

    [Fact]
    public void A_leader_that_exits_before_its_last_thread_leaves_the_process_running_until_that_thread_ends_it()
    {
        // pthread_exit in main (status 0) while threads 501 and 502 run: /proc/500/task still
        // lists them, so the process lives on; 502's exit(3) later ends it with status 3.
        var table = Threaded(threads: 3);
        var leader = table.Apply(FakeProc.Exit(500, 500, 2 * Second))!;
        Assert.False(leader.HasExited);
        Assert.Same(leader, table.Find(500));
        Assert.Equal(2, leader.Threads);

        ThreadGone(501);
        Assert.False(table.Apply(FakeProc.Exit(501, 500, 2 * Second + 100_000_000))!.HasExited);
        Assert.Equal(0, table.Statistics.Exits);
        ThreadGone(502);
        var last = table.Apply(FakeProc.Exit(502, 500, 2 * Second + 300_000_000, status: 3))!;
        Assert.Same(leader, last);
        Assert.True(last.HasExited);
        Assert.Equal(3, last.Exit!.ExitStatus);
        Assert.Equal(2 * Second + 300_000_000, last.Exit.TimestampNs);
        Assert.Equal(1, table.Statistics.Exits);
        Assert.DoesNotContain(table.LiveProcesses(), p => p.Pid == 500);
        Assert.Equal("/bin/threaded", Assert.Single(table.ExitedProcesses(), p => p.Pid == 500).DisplayName);
    }

    [Fact]
    public void A_monitor_that_lags_still_ends_the_process_with_the_status_its_last_thread_reports()
    {
        // The whole group was reaped before the remaining thread's exit is applied: /proc shows
        // no thread left, and that exit (the group's status) ends the process.
        var table = Threaded(threads: 2);
        Assert.False(table.Apply(FakeProc.Exit(500, 500, 2 * Second))!.HasExited);
        _proc.Remove(500);
        var last = table.Apply(FakeProc.Exit(501, 500, 2 * Second + 300_000_000, status: 3))!;
        Assert.True(last.HasExited);
        Assert.Equal(3, last.Exit!.ExitStatus);
    }

    [Fact]
    public void A_leaders_nonzero_status_is_the_whole_groups_and_ends_the_process_at_once()
    {
        // main: pthread_join, then return 5. The join returns when the thread clears its tid,
        // before the kernel reports the thread's exit, so the leader's exit (status 5) can come
        // first while /proc still lists the thread: a nonzero status is exit()'s, for the whole
        // group, and the joined thread's late exit changes nothing.
        var table = Threaded(threads: 2);
        var leader = table.Apply(FakeProc.Exit(500, 500, 2 * Second, status: 5))!;
        Assert.True(leader.HasExited);
        _proc.MakeZombie(500);
        var late = table.Apply(FakeProc.Exit(501, 500, 2 * Second + 1000))!;
        Assert.Same(leader, late);
        Assert.Null(late.ExitBy(FakeProc.Exit(501, 500, 2 * Second + 1000)));
        Assert.Equal(5, leader.Exit!.ExitStatus);
        Assert.Equal(2 * Second, leader.Exit.TimestampNs);
        Assert.Equal(1, table.Statistics.Exits);
    }

    [Fact]
    public void A_thread_exit_after_its_process_ended_does_not_bring_back_a_record_from_the_zombie_leader()
    {
        // A thread the table never saw start (its clone came before the table looked): the
        // leader's exit ends the process. The thread's exit comes after it while /proc still
        // shows the zombie leader: before, that made a new live record nothing ever retired.
        var table = Threaded(threads: 1);
        _proc.MakeZombie(500);
        Assert.True(table.Apply(FakeProc.Exit(500, 500, 2 * Second, status: 3))!.HasExited);
        var discovered = table.Statistics.Discovered;
        var ended = table.Find(500) ?? table.ExitedProcesses().Single(p => p.Pid == 500);
        Assert.Same(ended, table.Apply(FakeProc.Exit(501, 500, 2 * Second + 1000, status: 3)));
        Assert.DoesNotContain(table.LiveProcesses(), p => p.Pid == 500);
        Assert.Equal(discovered, table.Statistics.Discovered);
        Assert.Equal(1, table.Statistics.Exits);
    }

    [Fact]
    public void The_other_threads_exits_after_the_process_ended_are_the_ended_process_s_not_unknown()
    {
        // exit_group(2) in a process of four threads: the kernel reports the leader's exit first,
        // then the three others' (each with the group's status), after the process ended.
        var table = Threaded(threads: 4);
        var leader = table.Apply(FakeProc.Exit(500, 500, 2 * Second, status: 2))!;
        Assert.True(leader.HasExited);
        _proc.Remove(500);
        for (var tid = 501; tid <= 503; tid++)
        {
            var ev = FakeProc.Exit(tid, 500, 2 * Second + (ulong)(tid * 1000), status: 2);
            var process = table.Apply(ev)!;
            Assert.Same(leader, process);
            Assert.Equal("/bin/threaded", process.DisplayName);
            Assert.Null(process.ExitBy(ev));
        }

        Assert.Equal(2, leader.Exit!.ExitStatus);
        Assert.Equal(2 * Second, leader.Exit.TimestampNs);
        Assert.Equal(1, table.Statistics.Exits);
        Assert.DoesNotContain(table.LiveProcesses(), p => p.Pid == 500);

        // Long after (more than a second), a thread exit of that number is not the old process's.
        Assert.Null(table.Apply(FakeProc.Exit(504, 500, 4 * Second)));
    }

    [Fact]
    public void A_thread_exit_of_a_live_process_the_table_missed_still_discovers_it()
    {
        // Not a zombie: a process that lives on (its table entry lost to an overrun) is added.
        var table = Threaded(threads: 1);
        _proc.Add(700, 1, "missed", ["/bin/missed"], startTicks: 300);
        var found = table.Apply(FakeProc.Exit(701, 700, 3 * Second))!;
        Assert.Equal(700, found.Pid);
        Assert.False(found.HasExited);
        Assert.Same(found, table.Find(700));
    }

    /// <summary>Process 500 (/bin/threaded), executed, with <paramref name="threads"/> threads seen start (500, 501, …).</summary>
    private ProcessTable Threaded(int threads)
    {
        _proc.Add(1, 0, "init", ["/sbin/init"], startTicks: 1);
        var table = _proc.NewTable();
        table.Seed();
        _proc.Add(500, 1, "threaded", ["/bin/threaded"], startTicks: 100);
        table.Apply(FakeProc.Fork(1, 500, 500, Second));
        table.Apply(FakeProc.Exec(500, Second + 500));
        for (var i = 1; i < threads; i++)
        {
            table.Apply(FakeProc.Fork(500, 500 + i, 500, Second + (ulong)(1000 * i)));
        }

        for (var i = 0; i < threads; i++)
        {
            Directory.CreateDirectory(TaskPath(500 + i));
        }

        Assert.Equal(threads, table.Find(500)!.Threads);
        Assert.Equal("/bin/threaded", table.Find(500)!.DisplayName);
        return table;
    }

    private void ThreadGone(int tid) => Directory.Delete(TaskPath(tid));

    private string TaskPath(int tid) => Path.Combine(_proc.Root, "500", "task", tid.ToString(CultureInfo.InvariantCulture));
}
