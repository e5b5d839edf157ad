using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ProcMonitor;

/// <summary>
/// A write-only stream on an inherited descriptor (standard output or error) that writes with
/// write(2) at the descriptor's own offset, as the console's streams do. A <see cref="FileStream"/>
/// would not do: on a regular file it writes at a position of its own (pwrite), so two streams on
/// the same file (output and error redirected together, or the lines and the statistics) would
/// overwrite each other. With <paramref name="throwOnFailure"/>, unlike the console's streams, a
/// write that fails throws: a closed pipe (EPIPE) is how ProcMonitor learns that the reader of its
/// lines is gone. Without it, what cannot be written is dropped, as the console does (messages on
/// standard error must never turn into a failure of their own).
/// </summary>
internal sealed unsafe partial class DescriptorStream(int descriptor, bool throwOnFailure) : Stream
{
    private const int EINTR = 4;

    // Set only for a file this stream opened itself (Open); an inherited descriptor stays open.
    private SafeFileHandle? _owned;

    /// <summary>
    /// A stream on a file of its own, closed with the stream: the warm-up's twin writes its lines
    /// to /dev/null through the very classes the real lines go through.
    /// </summary>
    public static DescriptorStream Open(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write);
        // The stream holds the handle until it is disposed, and nothing writes after that.
        return new DescriptorStream((int)handle.DangerousGetHandle(), throwOnFailure: true) { _owned = handle };
    }

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
                var result = WriteNative(descriptor, start + written, (nuint)(buffer.Length - written));
                if (result >= 0)
                {
                    written += (int)result;
                    continue;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR)
                {
                    if (!throwOnFailure)
                    {
                        return;
                    }

                    throw new IOException($"writing to descriptor {descriptor} failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
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
            _owned?.Dispose();
        }

        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteNative(int descriptor, byte* buffer, nuint count);
}
