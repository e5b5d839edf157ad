using System;
using System.IO;
using System.Threading;
using KernelConnector.ProcessEvents;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Table;

/// <summary>
/// The command lines of a received batch's execs (or of the execs the doorbell rang for) are read
/// before any of its events is applied: what the socket's loop shows the process-event handler
/// first, against a fake /proc that loses the process between the preview and the exec's turn.
/// </summary>
public sealed class ExecPrefetchTests : IDisposable
{
    private const ulong Second = 1_000_000_000;
    private readonly FakeProc _proc = new();

    public void Dispose() => _proc.Dispose();

    [Fact]
    public void An_exec_previewed_in_its_batch_is_named_even_if_the_process_is_gone_when_its_turn_comes()
    {
        var (table, handler) = Forked();
        var exec = PreviewReapApply(table, handler, 500);
        Assert.Equal(ProcessNameSource.CommandLine, exec.NameSource);
        Assert.Equal("/bin/short-lived --flag", exec.DisplayName);
    }

    [Fact]
    public void An_exec_previewed_as_a_zombie_keeps_its_comm_even_if_reaped_before_its_turn()
    {
        // forkstat falls back to comm the moment the command line reads empty; the read-ahead must
        // too, or a zombie reaped between the preview and the exec's turn is left unknown.
        var (table, handler) = Forked();
        _proc.Add(501, 1, "true", ["/bin/true"], startTicks: 100);
        table.Apply(FakeProc.Fork(1, 501, 501, Second));
        _proc.MakeZombie(501);
        var exec = PreviewReapApply(table, handler, 501);
        Assert.Equal(ProcessNameSource.Comm, exec.NameSource);
        Assert.Equal("[true]", exec.DisplayName);
        Assert.Equal(1, table.Statistics.NamedFromComm);
    }

    [Fact]
    public void Nothing_is_read_ahead_for_a_userspace_sender_a_malformed_datagram_or_another_exec()
    {
        var (table, handler) = Forked();
        handler.Preview(ExecDatagram(500), senderPortId: 4242, rung: false);
        var truncated = ExecDatagram(500);
        handler.Preview(truncated.AsSpan(0, 60), senderPortId: 0, rung: false);
        var otherId = ExecDatagram(500);
        otherId[16] = 2;
        handler.Preview(otherId, senderPortId: 0, rung: false);
        _proc.Remove(500);
        Assert.Equal(ProcessNameSource.Unknown, table.Apply(FakeProc.Exec(500, 2 * Second))!.NameSource);

        // Read ahead for one exec (whose event was then lost), and a later exec of the same pid
        // applied: the read-ahead was another program's, so it is not used.
        _proc.Add(600, 1, "init", ["/bin/gone"], startTicks: 2000);
        handler.Preview(ExecDatagram(600, 2 * Second), senderPortId: 0, rung: false);
        _proc.Remove(600);
        Assert.Equal(ProcessNameSource.Unknown, table.Apply(FakeProc.Exec(600, 3 * Second))!.NameSource);
    }

    [Fact]
    public void An_exec_seen_on_the_doorbell_and_again_in_the_batch_is_read_once_and_kept_across_batches()
    {
        // The doorbell shows the exec first; the main socket's batch shows the same event later,
        // perhaps in a later batch. The first read is the one kept: by then the process may have
        // moved on (here it rewrote its command line), and the second sighting reads nothing.
        var (table, handler) = Forked();
        handler.Preview(ExecDatagram(500), senderPortId: 0, rung: true);
        _proc.Add(500, 1, "short-lived", ["rewritten"], startTicks: 1000);
        handler.Preview(ExecDatagram(500), senderPortId: 0, rung: false);
        _proc.Remove(500);
        var exec = table.Apply(FakeProc.Exec(500, 2 * Second))!;
        Assert.Equal("/bin/short-lived --flag", exec.DisplayName);
    }

    [Fact]
    public void Two_execs_of_one_pid_read_ahead_before_either_is_applied_each_keep_their_own_program()
    {
        // sh -c 'exec prog': the shell's exec and then prog's, both previewed (the doorbell rang
        // for both) before the first is applied. Applying the first must not take the second's
        // read-ahead with it. The events carry the kernel's clock: the second exec happens after
        // the first one's read.
        var (table, handler) = Forked();
        var first = BootClock.MonotonicNow();
        handler.Preview(ExecDatagram(500, first), senderPortId: 0, rung: true);
        _proc.Add(500, 1, "final", ["/bin/final", "x"], startTicks: 1000);
        var second = BootClock.MonotonicNow();
        handler.Preview(ExecDatagram(500, second), senderPortId: 0, rung: true);
        _proc.Remove(500);
        Assert.Equal("/bin/short-lived --flag", table.Apply(FakeProc.Exec(500, first))!.DisplayName);
        var final = table.Apply(FakeProc.Exec(500, second))!;
        Assert.Equal(ProcessNameSource.CommandLine, final.NameSource);
        Assert.Equal("/bin/final x", final.DisplayName);
        Assert.Equal(0, table.PrefetchedCount);
    }

    [Fact]
    public void An_exec_s_comm_is_read_with_its_command_line_not_when_the_exec_is_applied()
    {
        // sh -c 'exec prog', the monitor just fast enough: the shell's command line was read
        // before prog's exec, and its comm must be from that moment too, not prog's, read when the
        // shell's exec is applied after prog's was received.
        var (table, handler) = Forked();
        var first = BootClock.MonotonicNow();
        handler.Preview(ExecDatagram(500, first), senderPortId: 0, rung: true);
        _proc.Add(500, 1, "final", ["/bin/final", "x"], startTicks: 1000);
        var second = BootClock.MonotonicNow();
        handler.Preview(ExecDatagram(500, second), senderPortId: 0, rung: true);

        var shell = table.Apply(FakeProc.Exec(500, first))!;
        Assert.Equal("/bin/short-lived --flag", shell.DisplayName);
        Assert.Equal("short-lived", shell.Comm);
        var final = table.Apply(FakeProc.Exec(500, second))!;
        Assert.Equal("final", final.Comm);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void An_exec_named_by_its_command_line_reads_comm_only_when_the_command_name_is_asked_for(bool commandName, bool readAhead)
    {
        // comm is the second file read per exec, and a text line names the process by its command
        // line: without CommandName it is not read, ahead or at the exec's turn.
        var details = ProcessDetails.Arguments | (commandName ? ProcessDetails.CommandName : 0);
        var (table, handler) = Forked(details);
        var now = BootClock.MonotonicNow();
        if (readAhead)
        {
            handler.Preview(ExecDatagram(500, now), senderPortId: 0, rung: true);
        }

        var exec = table.Apply(FakeProc.Exec(500, now))!;
        Assert.Equal(ProcessNameSource.CommandLine, exec.NameSource);
        Assert.Equal("/bin/short-lived --flag", exec.DisplayName);
        Assert.Equal(commandName ? "short-lived" : "", exec.Comm);

        // A comm change still sets it: the event carries the name.
        Assert.Equal("renamed", table.Apply(FakeProc.Comm(500, 500, "renamed", now + 1))!.Comm);
    }

    [Fact]
    public void An_exec_read_ahead_at_once_keeps_its_name_when_applied_after_a_nap_and_the_pid_was_reused()
    {
        // A batch delay applies an exec up to the delay after its ring, which read it at once:
        // whether the read may be another process's depends on when it was read, not applied.
        var (table, handler) = Forked(ProcessDetails.Arguments);
        var now = BootClock.MonotonicNow();
        handler.Preview(ExecDatagram(500, now), senderPortId: 0, rung: true);
        _proc.Remove(500);
        _proc.Add(500, 1, "reused", ["/bin/reused"], startTicks: 5000);
        Thread.Sleep(60);
        var exec = table.Apply(FakeProc.Exec(500, now))!;
        Assert.Equal(ProcessNameSource.CommandLine, exec.NameSource);
        Assert.Equal("/bin/short-lived --flag", exec.DisplayName);
    }

    [Fact]
    public void An_exec_applied_without_a_read_ahead_after_the_next_one_was_received_has_no_comm_from_it()
    {
        // The shell's read-ahead is gone (trimmed), prog's is waiting: read when the shell's exec
        // is applied, comm would be prog's. Its command line read then is prog's too: unknown.
        var (table, handler) = Forked();
        var first = BootClock.MonotonicNow() - 2_000_000;
        _proc.Add(500, 1, "final", ["/bin/final", "x"], startTicks: 1000);
        handler.Preview(ExecDatagram(500, first + 1_000_000), senderPortId: 0, rung: false);
        var shell = table.Apply(FakeProc.Exec(500, first))!;
        Assert.Equal(ProcessNameSource.Unknown, shell.NameSource);
        Assert.Equal("", shell.Comm);
    }

    [Fact]
    public void An_exec_read_after_the_process_had_exec_d_again_is_unknown_not_the_later_program()
    {
        // sh -c 'exec prog' faster than the monitor: both execs had happened when the first was
        // read, so that read found prog. The shell's exec is unknown; prog's is prog.
        var (table, handler) = Forked();
        var first = BootClock.MonotonicNow() - 2_000_000;
        var second = first + 1_000_000;
        _proc.Add(500, 1, "final", ["/bin/final", "x"], startTicks: 1000);
        handler.Preview(ExecDatagram(500, first), senderPortId: 0, rung: false);
        handler.Preview(ExecDatagram(500, second), senderPortId: 0, rung: false);
        var shell = table.Apply(FakeProc.Exec(500, first))!;
        Assert.Equal(ProcessNameSource.Unknown, shell.NameSource);
        Assert.Equal("<unknown>", shell.DisplayName);
        var final = table.Apply(FakeProc.Exec(500, second))!;
        Assert.Equal("/bin/final x", final.DisplayName);
        Assert.Equal(0, table.PrefetchedCount);
    }

    [Fact]
    public void A_rung_exec_the_main_socket_already_handed_over_is_not_read_again()
    {
        // The loop drains the doorbell only while it naps; an exec that came through the main
        // socket meanwhile (a full batch, or a one-datagram batch dispatched at once) is still on
        // the doorbell when it next rings, and reading it again would leave a read-ahead nobody takes.
        var (table, handler) = Forked();
        handler.Preview(ExecDatagram(500, 2 * Second), senderPortId: 0, rung: false);
        table.Apply(FakeProc.Exec(500, 2 * Second));
        _proc.Add(501, 1, "dispatched", ["/bin/dispatched"], startTicks: 1001);
        handler.Preview(ExecDatagram(500, 2 * Second), senderPortId: 0, rung: true);
        Assert.Equal(0, table.PrefetchedCount);

        // A newer exec on the doorbell is read ahead as usual.
        handler.Preview(ExecDatagram(501, 4 * Second), senderPortId: 0, rung: true);
        Assert.Equal(1, table.PrefetchedCount);
    }

    [Fact]
    public void A_process_reaped_before_its_read_ahead_is_not_named_after_the_process_that_takes_its_pid()
    {
        // The read-ahead found no /proc entry: the process was already reaped. When its exec is
        // applied a moment later (too soon for the stale-read check), another process holds the
        // pid; reading it then would print that program on this exec's line.
        var (table, handler) = Forked();
        var now = BootClock.MonotonicNow();
        _proc.Remove(500);
        handler.Preview(ExecDatagram(500, now), senderPortId: 0, rung: true);
        _proc.Add(500, 1, "reused", ["/bin/reused"], startTicks: 5000);
        var exec = table.Apply(FakeProc.Exec(500, now))!;
        Assert.Equal(ProcessNameSource.Unknown, exec.NameSource);
        Assert.Equal(ProcessRecord.UnknownName, exec.DisplayName);
        Assert.Equal(1, table.Statistics.NamesUnknown);
    }

    [Fact]
    public void A_read_ahead_that_could_not_read_a_live_process_is_read_again_at_its_turn()
    {
        // Unreadable is not gone (here a cmdline that cannot be read as a file): the exec's turn
        // reads again and names the process.
        var (table, handler) = Forked();
        var now = BootClock.MonotonicNow();
        var cmdline = Path.Combine(_proc.Root, "500", "cmdline");
        var content = File.ReadAllBytes(cmdline);
        File.Delete(cmdline);
        Directory.CreateDirectory(cmdline);
        handler.Preview(ExecDatagram(500, now), senderPortId: 0, rung: true);
        Directory.Delete(cmdline);
        File.WriteAllBytes(cmdline, content);
        var exec = table.Apply(FakeProc.Exec(500, now))!;
        Assert.Equal(ProcessNameSource.CommandLine, exec.NameSource);
        Assert.Equal("/bin/short-lived --flag", exec.DisplayName);
    }

    [Fact]
    public void Priming_the_event_path_at_start_leaves_the_callers_table_callbacks_and_counters_untouched()
    {
        // Prime runs a lifecycle of this process (fork, thread, exec, rename, exits) through the
        // handler's path (so that the JIT compiles it before the first real event), on a table of
        // its own with the same options: the warm-up's callback sees it, nothing of the caller's does.
        _proc.Add(1, 0, "init", ["/sbin/init"], startTicks: 1);
        _proc.Add(Environment.ProcessId, 1, "self", ["/bin/self"], startTicks: 10);
        var table = _proc.NewTable();
        table.Seed();
        var before = table.Statistics;
        var warmUpEvents = new System.Collections.Generic.List<(ProcEventKind What, int Tgid, string? Name)>();
        var warmUp = new ProcessEventWarmUp(table.Options, ProcEventKind.All,
            (in ProcEvent ev, ProcessRecord? process) => warmUpEvents.Add((ev.What, ev.ThreadGroupId, process?.DisplayName)));
        warmUp.Prime();
        Assert.Equal(before, table.Statistics);
        Assert.Equal(0, table.PrefetchedCount);
        Assert.Equal(0UL, table.NewestAppliedExecNs);
        Assert.Equal("/bin/self", table.Find(Environment.ProcessId)!.DisplayName);
        Assert.Empty(table.ExitedProcesses());

        // The twin's exec read this process's command line from the same /proc, and its exit ended it.
        var self = Environment.ProcessId;
        Assert.Contains((ProcEventKind.Exec, self, "/bin/self"), warmUpEvents);
        Assert.Equal((ProcEventKind.Fork, self), (warmUpEvents[0].What, warmUpEvents[0].Tgid));
        Assert.Equal((ProcEventKind.Exit, self), (warmUpEvents[^1].What, warmUpEvents[^1].Tgid));
    }

    [Fact]
    public void The_peek_reads_the_exec_tgid_from_the_bytes_the_kernel_sends()
    {
        Assert.True(ProcessEventHandler.TryPeekExec(ExecDatagram(31337, 7 * Second + 123), out var tgid, out var timestampNs));
        Assert.Equal(31337, tgid);
        Assert.Equal(7 * Second + 123, timestampNs);
        var fork = ExecDatagram(31337);
        fork[36] = (byte)ProcEventKind.Fork;
        Assert.False(ProcessEventHandler.TryPeekExec(fork, out _, out _));
        var shortLength = ExecDatagram(31337);
        shortLength[0] = 60;
        Assert.False(ProcessEventHandler.TryPeekExec(shortLength, out _, out _));
    }

    /// <summary>The exec's datagram previewed in a batch, the process reaped, then the exec applied.</summary>
    private ProcessRecord PreviewReapApply(ProcessTable table, ProcessEventHandler handler, int pid)
    {
        handler.Preview(ExecDatagram(pid), senderPortId: 0, rung: false);
        _proc.Remove(pid);
        return table.Apply(FakeProc.Exec(pid, 2 * Second))!;
    }

    private (ProcessTable Table, ProcessEventHandler Handler) Forked(ProcessDetails details = ProcessDetails.All)
    {
        _proc.Add(1, 0, "init", ["/sbin/init"], startTicks: 1);
        var table = new ProcessTable(new ProcessTableOptions { ProcRoot = _proc.Root, Details = details });
        table.Seed();
        _proc.Add(500, 1, "short-lived", ["/bin/short-lived", "--flag"], startTicks: 1000);
        table.Apply(FakeProc.Fork(1, 500, 500, Second));
        return (table, new ProcessEventHandler(null, null, table));
    }

    /// <summary>The 76 bytes the kernel multicasts for an exec.</summary>
    private static byte[] ExecDatagram(int tgid, ulong timestampNs = 2 * Second) => FakeProc.Datagram(FakeProc.Exec(tgid, timestampNs));
}
