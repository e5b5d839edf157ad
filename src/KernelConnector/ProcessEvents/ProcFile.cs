using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using KernelConnector.Transport;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// Reads small files under <c>/proc/PID</c> through libc, so that a process that has exited (the
/// common case for a monitor that reads after an event) costs a failed call, not an exception.
/// </summary>
internal static class ProcFile
{
    private const int OpenReadOnlyCloseOnExec = 0x80000;

    // procfs regenerates these files on every read and no cgroup or status file comes near this;
    // the bound only keeps a broken procRoot (a FIFO, a huge regular file) from eating memory.
    private const int MaxLength = 16 << 20;

    /// <summary>The text of <c>procRoot/PID/name</c> as UTF-8, or <see langword="null"/> when the process (or the file) is gone.</summary>
    public static string? TryReadText(int pid, string name, string procRoot)
    {
        if (pid <= 0)
        {
            return null;
        }

        return TryReadText(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), name));
    }

    private static unsafe string? TryReadText(string path)
    {
        var fd = Native.Open(path, OpenReadOnlyCloseOnExec);
        if (fd < 0)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxLength)
                    {
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                nint read;
                fixed (byte* data = &buffer[length])
                {
                    read = Native.Read(fd, data, (nuint)(buffer.Length - length));
                }

                if (read == 0)
                {
                    return Encoding.UTF8.GetString(buffer, 0, length);
                }

                if (read < 0)
                {
                    // ESRCH when the process exited between open and read; EINTR is only a retry.
                    if (Marshal.GetLastPInvokeError() == Native.EINTR)
                    {
                        continue;
                    }

                    return null;
                }

                length += (int)read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Native.Close(fd);
        }
    }
}
