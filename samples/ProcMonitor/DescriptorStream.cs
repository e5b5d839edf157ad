using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ProcMonitor;

/// <summary>
/// A write-only stream on a descriptor (standard output or error, inherited, or a file it opened
/// itself) that writes with write(2) at the descriptor's own offset, as the console's streams do.
/// A <see cref="FileStream"/> would not do: on a regular file it writes at a position of its own
/// (pwrite), so two streams on the same file (output and error redirected together, or the lines
/// and the statistics) would overwrite each other. With throwOnFailure, unlike the console's
/// streams, a write that fails throws: a closed pipe (EPIPE) is how ProcMonitor learns that the
/// reader of its lines is gone. Without it, what cannot be written is dropped, as the console does
/// (messages on standard error must never turn into a failure of their own).
/// </summary>
internal sealed unsafe partial class DescriptorStream : Stream
{
    private const int EINTR = 4;

    // A safe handle even for an inherited descriptor (not owned, so never closed): each write holds
    // a reference, so a write after disposal fails instead of reaching whatever reused the number.
    private readonly SafeFileHandle _handle;
    private readonly string _name;
    private readonly bool _throwOnFailure;

    /// <summary>A stream on inherited <paramref name="descriptor"/>, which stays open when the stream is disposed.</summary>
    public DescriptorStream(int descriptor, bool throwOnFailure)
        : this(new SafeFileHandle(descriptor, ownsHandle: false), $"descriptor {descriptor}", throwOnFailure)
    {
    }

    private DescriptorStream(SafeFileHandle handle, string name, bool throwOnFailure)
    {
        _handle = handle;
        _name = name;
        _throwOnFailure = throwOnFailure;
    }

    /// <summary>
    /// A stream on a file of its own, closed with the stream: the warm-up's twin writes its lines
    /// to /dev/null through the very classes the real lines go through.
    /// </summary>
    public static DescriptorStream Open(string path) =>
        new(File.OpenHandle(path, FileMode.Open, FileAccess.Write), path, throwOnFailure: true);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var written = 0;
            while (written < buffer.Length)
            {
                var result = WriteNative(_handle, start + written, (nuint)(buffer.Length - written));
                if (result >= 0)
                {
                    written += (int)result;
                    continue;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR)
                {
                    if (!_throwOnFailure)
                    {
                        return;
                    }

                    throw new IOException($"writing to {_name} failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
                }
            }
        }
    }

    public override void Flush()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handle.Dispose();
        }

        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteNative(SafeHandle descriptor, byte* buffer, nuint count);
}
