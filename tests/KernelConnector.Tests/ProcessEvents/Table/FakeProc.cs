using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using KernelConnector.ProcessEvents;

namespace KernelConnector.Tests.ProcessEvents.Table;

/// <summary>
/// A directory laid out like <c>/proc</c> for the processes a test names, so that the table's
/// reads (stat, cmdline, comm, status, cgroup) are deterministic; and process events to feed it.
/// </summary>
internal sealed class FakeProc : IDisposable
{
    public FakeProc()
    {
        Root = Directory.CreateTempSubdirectory("kc-fakeproc-").FullName;
    }

    public string Root { get; }

    public ProcessTable NewTable(int retainExited = 4096) =>
        new(new ProcessTableOptions { ProcRoot = Root, RetainExited = retainExited });

    /// <summary>Writes a live process; <paramref name="arguments"/> empty for a kernel thread.</summary>
    public void Add(int pid, int ppid, string comm, string[] arguments, ulong startTicks, uint uid = 0, int sid = 1, string cgroup = "0::/user.slice", int[]? nsPids = null, char state = 'S')
    {
        var dir = Path.Combine(Root, pid.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        WriteStat(dir, pid, ppid, comm, startTicks, sid, state);
        File.WriteAllBytes(Path.Combine(dir, "cmdline"), arguments.Length == 0 ? [] : Encoding.UTF8.GetBytes(string.Join('\0', arguments) + "\0"));
        File.WriteAllText(Path.Combine(dir, "comm"), comm + "\n");
        var ns = string.Join('\t', nsPids ?? [pid]);
        File.WriteAllText(Path.Combine(dir, "status"), string.Create(CultureInfo.InvariantCulture,
            $"Name:\t{comm}\nState:\t{state}\nTgid:\t{pid}\nPid:\t{pid}\nPPid:\t{ppid}\nUid:\t{uid}\t{uid}\t{uid}\t{uid}\nGid:\t{uid}\t{uid}\t{uid}\t{uid}\nThreads:\t1\nNStgid:\t{ns}\nNSpid:\t{ns}\nNSpgid:\t{ns}\nNSsid:\t{sid}\n"));
        File.WriteAllText(Path.Combine(dir, "cgroup"), cgroup + "\n");
    }

    /// <summary>
    /// Changes the ids the process's status shows (real, effective, saved, filesystem), as a
    /// <c>setresuid</c>/<c>setresgid</c> it made would; the other lines stay.
    /// </summary>
    public void SetIds(int pid, uint uid, uint euid, uint gid, uint egid)
    {
        var path = Path.Combine(Root, pid.ToString(CultureInfo.InvariantCulture), "status");
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("Uid:", StringComparison.Ordinal) || lines[i].StartsWith("Gid:", StringComparison.Ordinal))
            {
                var (real, effective) = lines[i][0] == 'U' ? (uid, euid) : (gid, egid);
                lines[i] = string.Create(CultureInfo.InvariantCulture, $"{lines[i][..4]}\t{real}\t{effective}\t{effective}\t{effective}");
            }
        }

        File.WriteAllText(path, string.Join('\n', lines) + "\n");
    }

    /// <summary>The process exited and is not reaped: stat and comm stay, the command line reads empty.</summary>
    public void MakeZombie(int pid)
    {
        var dir = Path.Combine(Root, pid.ToString(CultureInfo.InvariantCulture));
        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
        var close = stat.LastIndexOf(')');
        File.WriteAllText(Path.Combine(dir, "stat"), stat[..(close + 2)] + "Z" + stat[(close + 3)..]);
        File.WriteAllBytes(Path.Combine(dir, "cmdline"), []);
    }

    /// <summary>The process was reaped: nothing of it is left.</summary>
    public void Remove(int pid) => Directory.Delete(Path.Combine(Root, pid.ToString(CultureInfo.InvariantCulture)), recursive: true);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void WriteStat(string dir, int pid, int ppid, string comm, ulong startTicks, int sid, char state)
    {
        // Fields 3.. after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt
        // cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime …
        File.WriteAllText(Path.Combine(dir, "stat"), string.Create(CultureInfo.InvariantCulture,
            $"{pid} ({comm}) {state} {ppid} {pid} {sid} 0 -1 4194304 100 0 0 0 1 1 0 0 20 0 1 0 {startTicks} 1000 100 18446744073709551615\n"));
    }

    public static ProcEvent Fork(int parentTgid, int childPid, int childTgid, ulong ns, int parentPid = 0) => new()
    {
        What = ProcEventKind.Fork,
        TimestampNs = ns,
        Fork = new ProcForkEvent { ParentPid = parentPid == 0 ? parentTgid : parentPid, ParentTgid = parentTgid, ChildPid = childPid, ChildTgid = childTgid },
    };

    public static ProcEvent Exec(int pid, ulong ns) => new()
    {
        What = ProcEventKind.Exec,
        TimestampNs = ns,
        Exec = new ProcExecEvent { ProcessPid = pid, ProcessTgid = pid },
    };

    public static ProcEvent Exit(int pid, int tgid, ulong ns, int status = 0, int signal = 0, int parentTgid = 0) => new()
    {
        What = ProcEventKind.Exit,
        TimestampNs = ns,
        Exit = new ProcExitEvent
        {
            ProcessPid = pid,
            ProcessTgid = tgid,
            WaitStatus = (uint)((status << 8) | signal),
            ExitSignal = pid == tgid ? 17u : uint.MaxValue,
            ParentPid = parentTgid,
            ParentTgid = parentTgid,
        },
    };

    public static ProcEvent Comm(int pid, int tgid, string name, ulong ns)
    {
        var ev = new ProcEvent { What = ProcEventKind.Comm, TimestampNs = ns, Comm = new ProcCommEvent { ProcessPid = pid, ProcessTgid = tgid } };
        Encoding.UTF8.GetBytes(name, ev.Comm.Comm);
        return ev;
    }

    public static ProcEvent Id(ProcEventKind kind, int tgid, uint real, uint effective, ulong ns) => new()
    {
        What = kind,
        TimestampNs = ns,
        IdChange = new ProcIdEvent { ProcessPid = tgid, ProcessTgid = tgid, Real = real, Effective = effective },
    };

    /// <summary>The 76 bytes the kernel multicasts for one process event: nlmsghdr, cn_msg {1, 1}, proc_event.</summary>
    public static byte[] Datagram(in ProcEvent ev)
    {
        var bytes = new byte[76];
        MemoryMarshal.Write(bytes, 76u);
        MemoryMarshal.Write(bytes.AsSpan(4), (ushort)3);
        MemoryMarshal.Write(bytes.AsSpan(16), CbId.Proc);
        MemoryMarshal.Write(bytes.AsSpan(32), (ushort)40);
        MemoryMarshal.Write(bytes.AsSpan(36), in ev);
        return bytes;
    }

    public static ProcEvent Sid(int tgid, ulong ns) => new()
    {
        What = ProcEventKind.Sid,
        TimestampNs = ns,
        Sid = new ProcSidEvent { ProcessPid = tgid, ProcessTgid = tgid },
    };
}
