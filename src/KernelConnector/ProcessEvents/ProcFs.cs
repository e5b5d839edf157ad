using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using KernelConnector.Transport;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// Reads <c>/proc/&lt;pid&gt;/…</c> files without exceptions. A monitor reads them for every exec of
/// a storm and the process has often exited by then: libc answers that with -1, where a .NET file
/// API would throw (tens of microseconds each). One buffer per thread, no allocation but the result.
/// </summary>
internal static unsafe class ProcFs
{
    /// <summary>
    /// Command lines are cut here (as forkstat and ps cut them): a kernel keeps up to 2 MiB of
    /// arguments, and a table that keeps thousands of exited processes must bound what each holds.
    /// </summary>
    public const int MaxCommandLine = 4096;

    private const int BufferSize = 16 * 1024;

    [ThreadStatic]
    private static byte[]? t_buffer;

    private static byte[] Buffer => t_buffer ??= new byte[BufferSize];

    /// <summary>What <see cref="Read"/> returns when the file cannot be read for another reason than <see cref="Gone"/> (a permission, a directory).</summary>
    public const int Unreadable = -1;

    /// <summary>
    /// What <see cref="Read"/> returns when the process is gone: its directory no longer exists
    /// (<c>ENOENT</c>), or it exited between the open and the read (<c>ESRCH</c>). Final: a later
    /// read of the same path finds nothing, or another process that took the pid.
    /// </summary>
    public const int Gone = -2;

    /// <summary>Reads a whole small file (up to <paramref name="limit"/> bytes) into the thread's buffer; <see cref="Gone"/> or <see cref="Unreadable"/> (both negative) when it cannot be read.</summary>
    public static int Read(string procRoot, int pid, string file, out byte[] buffer, int limit = BufferSize)
    {
        buffer = Buffer;
        Span<byte> path = stackalloc byte[PathCapacity];
        if (!TryPath(procRoot, pid, file, path))
        {
            return Unreadable;
        }

        int fd;
        fixed (byte* p = path)
        {
            fd = Native.Open(p, 0x80000 /* O_RDONLY | O_CLOEXEC */);
        }

        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError() == Errno.ENOENT ? Gone : Unreadable;
        }

        var total = 0;
        fixed (byte* data = buffer)
        {
            // /proc files are produced per read call, at most a page at a time: a short read of
            // less than a page is the end (sparing the read that would return 0).
            while (total < limit)
            {
                var wanted = limit - total;
                var n = Native.Read(fd, data + total, (nuint)wanted);
                if (n < 0 && total == 0)
                {
                    // ESRCH: the process exited between the open and the read.
                    var error = Marshal.GetLastPInvokeError();
                    Native.Close(fd);
                    return error == Errno.ESRCH ? Gone : Unreadable;
                }

                if (n <= 0)
                {
                    break;
                }

                total += (int)n;
                if (n < wanted && n < 4096)
                {
                    break;
                }
            }
        }

        Native.Close(fd);
        return total;
    }

    /// <summary>A whole small file as text (<c>status</c>, <c>cgroup</c>); null when the process or the file is gone.</summary>
    public static string? ReadText(string procRoot, int pid, string file)
    {
        if (pid <= 0)
        {
            return null;
        }

        var length = Read(procRoot, pid, file, out var buffer);
        if (length < 0)
        {
            return null;
        }

        if (length < buffer.Length)
        {
            return Encoding.UTF8.GetString(buffer, 0, length);
        }

        // Longer than the buffer (a process in hundreds of cgroup hierarchies): the rare slow path.
        try
        {
            return System.IO.File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"{procRoot}/{pid}/{file}"));
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The target of a symbolic link such as <c>exe</c> or <c>ns/pid</c>; null when it cannot be read.</summary>
    public static string? ReadLink(string procRoot, int pid, string link)
    {
        var buffer = Buffer;
        Span<byte> path = stackalloc byte[PathCapacity];
        if (!TryPath(procRoot, pid, link, path))
        {
            return null;
        }

        nint n;
        fixed (byte* p = path)
        fixed (byte* data = buffer)
        {
            n = Native.ReadLink(p, data, (nuint)buffer.Length);
        }

        return n <= 0 ? null : Encoding.UTF8.GetString(buffer, 0, (int)n);
    }

    /// <summary>The inode of a namespace link (<c>pid:[4026531836]</c>); 0 when unknown.</summary>
    public static ulong ReadNamespace(string procRoot, int pid, string name)
    {
        return NamespaceInode(ReadLink(procRoot, pid, "ns/" + name)) ?? 0;
    }

    /// <summary>The inode in a namespace link's target (<c>pid:[4026531836]</c>); null when there is none.</summary>
    public static ulong? NamespaceInode(string? target)
    {
        var open = target?.IndexOf('[', StringComparison.Ordinal) ?? -1;
        var close = target?.LastIndexOf(']') ?? -1;
        return open >= 0 && close > open
            && ulong.TryParse(target.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
            ? inode : null;
    }

    /// <summary>The argument vector; null when the file cannot be read, empty for kernel threads and zombies.</summary>
    public static string[]? ReadArguments(string procRoot, int pid) => ReadArguments(procRoot, pid, out _, out _);

    /// <summary>
    /// The argument vector, whether a null one means the process is <see cref="Gone"/> (not merely
    /// unreadable), and whether it was cut at <see cref="MaxCommandLine"/>.
    /// </summary>
    public static string[]? ReadArguments(string procRoot, int pid, out bool gone, out bool truncated)
    {
        // One byte more than is kept tells a cut command line from one of exactly the limit; it
        // costs a second read only when the first filled a page.
        var length = Read(procRoot, pid, "cmdline", out var buffer, MaxCommandLine + 1);
        gone = length == Gone;
        truncated = length > MaxCommandLine;
        if (length < 0)
        {
            return null;
        }

        return SplitArguments(buffer.AsSpan(0, Math.Min(length, MaxCommandLine)));
    }

    /// <summary>Splits NUL-separated arguments. A process that rewrote its arguments may leave no NUL at all.</summary>
    public static string[] SplitArguments(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0 && bytes[^1] == 0)
        {
            bytes = bytes[..^1];
        }

        if (bytes.IsEmpty)
        {
            return [];
        }

        // Counted first, so that an exec allocates its strings and one array of the right size:
        // this runs for every exec of a storm.
        var arguments = new string[bytes.Count((byte)0) + 1];
        for (var i = 0; i < arguments.Length; i++)
        {
            var end = bytes.IndexOf((byte)0);
            arguments[i] = Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
            bytes = end < 0 ? default : bytes[(end + 1)..];
        }

        return arguments;
    }

    /// <summary>The command name (<c>comm</c>); readable while the process is a zombie.</summary>
    public static string? ReadComm(string procRoot, int pid)
    {
        var length = Read(procRoot, pid, "comm", out var buffer);
        if (length <= 0)
        {
            return null;
        }

        var end = length;
        if (buffer[end - 1] == (byte)'\n')
        {
            end--;
        }

        return Encoding.UTF8.GetString(buffer, 0, end);
    }

    /// <summary>What <c>/proc/&lt;pid&gt;/stat</c> says; false when the process is gone.</summary>
    public static bool TryReadStat(string procRoot, int pid, out StatFields stat)
    {
        var length = Read(procRoot, pid, "stat", out var buffer);
        stat = default;
        return length > 0 && TryParseStat(buffer.AsSpan(0, length), out stat);
    }

    /// <summary>
    /// Parses <c>/proc/PID/stat</c>. The command name sits in parentheses and may itself contain
    /// spaces and parentheses, so the fields are counted from the last ')'.
    /// </summary>
    public static bool TryParseStat(ReadOnlySpan<byte> text, out StatFields stat)
    {
        stat = default;
        var open = text.IndexOf((byte)'(');
        var close = text.LastIndexOf((byte)')');
        if (open < 0 || close < open || close + 2 > text.Length)
        {
            return false;
        }

        var comm = Encoding.UTF8.GetString(text[(open + 1)..close]);
        var rest = text[(close + 2)..];

        // rest starts at field 3 (state); field N is the (N - 3)th space-separated word.
        char state = '?';
        int ppid = 0, session = 0;
        ulong start = 0;
        for (var field = 3; !rest.IsEmpty; field++)
        {
            var space = rest.IndexOf((byte)' ');
            var word = space < 0 ? rest : rest[..space];
            rest = space < 0 ? default : rest[(space + 1)..];
            switch (field)
            {
                case 3:
                    state = word.Length > 0 ? (char)word[0] : '?';
                    break;
                case 4 when !TryParse(word, out ppid):
                case 6 when !TryParse(word, out session):
                    return false;
                case 22:
                    if (!ulong.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out start))
                    {
                        return false;
                    }

                    stat = new StatFields(comm, state, ppid, session, start);
                    return true;
            }
        }

        return false;
    }

    private static bool TryParse(ReadOnlySpan<byte> word, out int value) =>
        int.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>The numeric entries of <c>/proc</c>: every process (thread group) there now.</summary>
    public static List<int> ListPids(string procRoot)
    {
        var pids = new List<int>();
        try
        {
            foreach (var dir in System.IO.Directory.EnumerateDirectories(procRoot))
            {
                if (int.TryParse(System.IO.Path.GetFileName(dir.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    pids.Add(pid);
                }
            }
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            // An unreadable /proc lists nothing: the table stays as events build it.
        }

        pids.Sort();
        return pids;
    }

    /// <summary>
    /// A thread of process <paramref name="pid"/> other than its leader, from
    /// <c>/proc/PID/task</c>; 0 when it shows none, or cannot be read (the process is gone).
    /// </summary>
    public static int OtherThread(string procRoot, int pid)
    {
        try
        {
            foreach (var task in System.IO.Directory.EnumerateDirectories(string.Create(CultureInfo.InvariantCulture, $"{procRoot}/{pid}/task")))
            {
                if (int.TryParse(System.IO.Path.GetFileName(task.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out var tid) && tid != pid)
                {
                    return tid;
                }
            }
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            // Gone, or no /proc: no other thread to tell.
        }

        return 0;
    }

    private const int PathCapacity = 512;

    /// <summary>
    /// Writes <c>root/pid/file</c> and a NUL as UTF-8 into <paramref name="path"/>: a storm's
    /// thousands of reads a second allocate no path string and marshal nothing.
    /// </summary>
    private static bool TryPath(string procRoot, int pid, string file, Span<byte> path)
    {
        if (procRoot.Length + file.Length + 16 > path.Length)
        {
            return false;
        }

        var n = Encoding.UTF8.GetBytes(procRoot, path);
        path[n++] = (byte)'/';
        pid.TryFormat(path[n..], out var digits, default, CultureInfo.InvariantCulture);
        n += digits;
        path[n++] = (byte)'/';
        n += Encoding.UTF8.GetBytes(file, path[n..]);
        path[n] = 0;
        return true;
    }
}
