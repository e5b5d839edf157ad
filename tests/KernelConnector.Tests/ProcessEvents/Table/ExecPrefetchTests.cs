using System;
using System.Runtime.InteropServices;
using KernelConnector.ProcessEvents;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Table;

/// <summary>
/// The command lines of a received batch's execs are read before any of its events is applied:
/// what the socket's loop shows the process-event handler first, against a fake /proc that loses
/// the process between the preview and the exec's turn.
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
    public void Nothing_is_read_ahead_for_a_userspace_sender_a_malformed_datagram_or_a_past_batch()
    {
        var (table, handler) = Forked();
        handler.BeginBatch();
        handler.Preview(ExecDatagram(500), senderPortId: 4242);
        var truncated = ExecDatagram(500);
        handler.Preview(truncated.AsSpan(0, 60), senderPortId: 0);
        var otherId = ExecDatagram(500);
        otherId[16] = 2;
        handler.Preview(otherId, senderPortId: 0);
        _proc.Remove(500);
        Assert.Equal(ProcessNameSource.Unknown, table.Apply(FakeProc.Exec(500, 2 * Second))!.NameSource);

        // Read ahead in one batch, then a new batch begins before the exec is applied: forgotten.
        _proc.Add(600, 1, "init", ["/bin/gone"], startTicks: 2000);
        handler.BeginBatch();
        handler.Preview(ExecDatagram(600), senderPortId: 0);
        handler.BeginBatch();
        _proc.Remove(600);
        Assert.Equal(ProcessNameSource.Unknown, table.Apply(FakeProc.Exec(600, 3 * Second))!.NameSource);
    }

    [Fact]
    public void The_peek_reads_the_exec_tgid_from_the_bytes_the_kernel_sends()
    {
        Assert.True(ProcessEventHandler.TryPeekExec(ExecDatagram(31337), out var tgid));
        Assert.Equal(31337, tgid);
        var fork = ExecDatagram(31337);
        fork[36] = (byte)ProcEventKind.Fork;
        Assert.False(ProcessEventHandler.TryPeekExec(fork, out _));
        var shortLength = ExecDatagram(31337);
        shortLength[0] = 60;
        Assert.False(ProcessEventHandler.TryPeekExec(shortLength, out _));
    }

    /// <summary>The exec's datagram previewed in a batch, the process reaped, then the exec applied.</summary>
    private ProcessRecord PreviewReapApply(ProcessTable table, ProcessEventHandler handler, int pid)
    {
        handler.BeginBatch();
        handler.Preview(ExecDatagram(pid), senderPortId: 0);
        _proc.Remove(pid);
        return table.Apply(FakeProc.Exec(pid, 2 * Second))!;
    }

    private (ProcessTable Table, ProcessEventHandler Handler) Forked()
    {
        _proc.Add(1, 0, "init", ["/sbin/init"], startTicks: 1);
        var table = _proc.NewTable();
        table.Seed();
        _proc.Add(500, 1, "short-lived", ["/bin/short-lived", "--flag"], startTicks: 1000);
        table.Apply(FakeProc.Fork(1, 500, 500, Second));
        return (table, new ProcessEventHandler(null, null, table));
    }

    /// <summary>The 76 bytes the kernel multicasts for an exec: nlmsghdr, cn_msg {1, 1}, proc_event.</summary>
    private static byte[] ExecDatagram(int tgid)
    {
        var bytes = new byte[76];
        MemoryMarshal.Write(bytes, 76u);
        MemoryMarshal.Write(bytes.AsSpan(4), (ushort)3);
        MemoryMarshal.Write(bytes.AsSpan(16), CbId.Proc);
        MemoryMarshal.Write(bytes.AsSpan(32), (ushort)40);
        var ev = FakeProc.Exec(tgid, 2 * Second);
        MemoryMarshal.Write(bytes.AsSpan(36), in ev);
        return bytes;
    }
}
