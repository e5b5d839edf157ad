using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents;

/// <remarks>
/// What Linux 6.6 added (<c>struct proc_input</c>, <c>PROC_EVENT_NONZERO_EXIT</c>) is missing from
/// the kernel headers CI installs (Debian 12 ships 6.1), so it is checked against the running
/// kernel instead: ProcessEventFilterTests subscribes with <see cref="ProcInput"/> filters and
/// checks what the kernel delivers and withholds (a wrong size is ignored by the kernel, swapped
/// fields are refused, a wrong NONZERO_EXIT bit lets a zero exit through).
/// </remarks>
public class ProcEventLayoutTests
{
    [Fact]
    public async Task Every_arm_of_proc_event_matches_the_C_header()
    {
        var e = default(ProcEvent);
        long At<T>(ref T field) => Unsafe.ByteOffset(ref Unsafe.As<ProcEvent, byte>(ref e), ref Unsafe.As<T, byte>(ref field));
        (string C, long Ours)[] fields =
        [
            ("sizeof(struct proc_event)", ProcEvent.Size),
            ("offsetof(struct proc_event, what)", At(ref e.What)),
            ("offsetof(struct proc_event, cpu)", At(ref e.Cpu)),
            ("offsetof(struct proc_event, timestamp_ns)", At(ref e.TimestampNs)),
            ("offsetof(struct proc_event, event_data.ack.err)", At(ref e.Ack.Err)),
            ("offsetof(struct proc_event, event_data.fork.parent_pid)", At(ref e.Fork.ParentPid)),
            ("offsetof(struct proc_event, event_data.fork.parent_tgid)", At(ref e.Fork.ParentTgid)),
            ("offsetof(struct proc_event, event_data.fork.child_pid)", At(ref e.Fork.ChildPid)),
            ("offsetof(struct proc_event, event_data.fork.child_tgid)", At(ref e.Fork.ChildTgid)),
            ("offsetof(struct proc_event, event_data.exec.process_pid)", At(ref e.Exec.ProcessPid)),
            ("offsetof(struct proc_event, event_data.exec.process_tgid)", At(ref e.Exec.ProcessTgid)),
            ("offsetof(struct proc_event, event_data.id.process_pid)", At(ref e.IdChange.ProcessPid)),
            ("offsetof(struct proc_event, event_data.id.r.ruid)", At(ref e.IdChange.Real)),
            ("offsetof(struct proc_event, event_data.id.e.egid)", At(ref e.IdChange.Effective)),
            ("offsetof(struct proc_event, event_data.sid.process_tgid)", At(ref e.Sid.ProcessTgid)),
            ("offsetof(struct proc_event, event_data.ptrace.tracer_pid)", At(ref e.Ptrace.TracerPid)),
            ("offsetof(struct proc_event, event_data.ptrace.tracer_tgid)", At(ref e.Ptrace.TracerTgid)),
            ("offsetof(struct proc_event, event_data.comm.comm)", At(ref e.Comm.Comm)),
            ("sizeof(((struct proc_event *)0)->event_data.comm.comm)", ProcCommName.Length),
            ("offsetof(struct proc_event, event_data.coredump.parent_pid)", At(ref e.Coredump.ParentPid)),
            ("offsetof(struct proc_event, event_data.coredump.parent_tgid)", At(ref e.Coredump.ParentTgid)),
            ("offsetof(struct proc_event, event_data.exit.exit_code)", At(ref e.Exit.WaitStatus)),
            ("offsetof(struct proc_event, event_data.exit.exit_signal)", At(ref e.Exit.ExitSignal)),
            ("offsetof(struct proc_event, event_data.exit.parent_pid)", At(ref e.Exit.ParentPid)),
            ("offsetof(struct proc_event, event_data.exit.parent_tgid)", At(ref e.Exit.ParentTgid)),
            // Each kind on its own: an OR of several would not notice two swapped values.
            ("PROC_EVENT_NONE", (long)ProcEventKind.None),
            ("PROC_EVENT_FORK", (long)ProcEventKind.Fork),
            ("PROC_EVENT_EXEC", (long)ProcEventKind.Exec),
            ("PROC_EVENT_UID", (long)ProcEventKind.Uid),
            ("PROC_EVENT_GID", (long)ProcEventKind.Gid),
            ("PROC_EVENT_SID", (long)ProcEventKind.Sid),
            ("PROC_EVENT_PTRACE", (long)ProcEventKind.Ptrace),
            ("PROC_EVENT_COMM", (long)ProcEventKind.Comm),
            ("(long)(unsigned)PROC_EVENT_COREDUMP", (long)ProcEventKind.Coredump),
            ("(long)(unsigned)PROC_EVENT_EXIT", (long)ProcEventKind.Exit),
            ("sizeof(enum proc_cn_mcast_op)", ProcMulticastRequest.Size),
            ("offsetof(struct proc_event, cpu)", ProcEvent.SequenceKeyOffset),
            ("PROC_CN_MCAST_LISTEN", (long)ProcCnMcastOp.Listen),
            ("PROC_CN_MCAST_IGNORE", (long)ProcCnMcastOp.Ignore),
            ("CN_IDX_PROC", ProcEvent.Id.Idx),
            ("CN_VAL_PROC", ProcEvent.Id.Val),
        ];

        var c = await CLayout.QueryAsync("#include <linux/connector.h>\n#include <linux/cn_proc.h>", Array.ConvertAll(fields, f => f.C));
        for (var i = 0; i < fields.Length; i++)
        {
            Assert.True(c[i] == fields[i].Ours, $"{fields[i].C}: C says {c[i]}, KernelConnector {fields[i].Ours}");
        }

    }

    [Fact]
    public async Task Wait_statuses_decode_as_the_C_library_does_on_the_event_and_on_the_record()
    {
        // exit 0, exit 3 (768: what a reader of the raw field mistook for the exit code), exit 255,
        // killed by SIGKILL, SIGSEGV with a core dump, SIGTERM: each read by glibc's own macros.
        uint[] statuses = [0, 3 << 8, 255 << 8, 9, 0x80 | 11, 15];
        var expressions = new string[statuses.Length * 3];
        for (var i = 0; i < statuses.Length; i++)
        {
            expressions[3 * i] = $"WEXITSTATUS({statuses[i]})";
            expressions[(3 * i) + 1] = $"WTERMSIG({statuses[i]})";
            expressions[(3 * i) + 2] = $"WCOREDUMP({statuses[i]}) != 0";
        }

        var c = await CLayout.QueryAsync("#include <sys/wait.h>", expressions);
        for (var i = 0; i < statuses.Length; i++)
        {
            var expected = ((int)c[3 * i], (int)c[(3 * i) + 1], c[(3 * i) + 2] != 0);
            var ev = new ProcExitEvent { WaitStatus = statuses[i] };
            var record = new ProcessExit { WaitStatus = statuses[i] };
            Assert.Equal(expected, (ev.ExitStatus, ev.TerminationSignal, ev.CoreDumped));
            Assert.Equal(expected, (record.ExitStatus, record.TerminationSignal, record.CoreDumped));
        }

        Assert.Equal(3, new ProcExitEvent { WaitStatus = 768 }.ExitStatus);
    }

    [Fact]
    public void Comm_names_stop_at_the_first_nul()
    {
        var comm = default(ProcCommName);
        "bash"u8.CopyTo(comm);
        Assert.Equal("bash", comm.ToString());
        "0123456789abcdef"u8.CopyTo(comm);
        Assert.Equal("0123456789abcdef", comm.ToString());
    }

    [Fact]
    public void Stat_lines_with_spaces_and_parentheses_in_the_name_parse()
    {
        var stat = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100";
        Assert.True(ProcessSnapshot.TryParseStat(stat, out var comm, out var ppid, out var start));
        Assert.Equal(("my (odd) name", 1, 987654ul), (comm, ppid, start));
    }

    [Fact]
    public void A_snapshot_of_proc_contains_this_process()
    {
        var snapshot = ProcessSnapshot.Capture();
        var self = Assert.Single(snapshot, p => p.Pid == Environment.ProcessId);
        Assert.Contains("KernelConnector.Tests", self.CommandLine, StringComparison.Ordinal);
        Assert.True(snapshot.Count > 1);
    }
}
