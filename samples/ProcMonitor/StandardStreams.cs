using System;
using System.IO;
using System.Text;
using System.Threading;

namespace ProcMonitor;

/// <summary>
/// Standard output and error as plain streams on descriptors 1 and 2 instead of
/// <see cref="Console"/>: the console layer (terminal handling, the terminfo database, its
/// encodings) is a sixth of the native binary, and a tool that prints lines uses none of it
/// (docs/benchmarks.md, section 6). Unlike the console's streams, a write of event lines to a
/// closed pipe fails with an <see cref="IOException"/> instead of vanishing, so ProcMonitor can stop
/// when its reader is gone (<c>procmonitor | head</c>).
/// </summary>
internal static class StandardStreams
{
    private static TextWriter? s_out, s_error;

    /// <summary>
    /// Standard output for the event lines, unbuffered (ProcMonitor buffers its lines itself); a
    /// write that fails throws (started with it closed, `procmonitor >&-`, the first write fails
    /// with EBADF, as if the reader were gone).
    /// </summary>
    public static Stream OpenOutput() => new DescriptorStream(1, throwOnFailure: true);

    /// <summary>
    /// Where the warm-up's twin printer writes: /dev/null, through the same stream class as the
    /// event lines, so that their flush is compiled before the first storm; a plain null stream
    /// where /dev/null cannot be opened (the warm-up then compiles a little less, nothing else changes).
    /// </summary>
    public static Stream OpenNowhere()
    {
        try
        {
            return DescriptorStream.Open("/dev/null");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Stream.Null;
        }
    }

    /// <summary>Standard output as text (help, statistics), flushed at every write; what cannot be written is dropped.</summary>
    public static TextWriter Out => LazyInitializer.EnsureInitialized(ref s_out, () => Writer(1));

    /// <summary>Standard error as text, flushed at every write, safe from any thread; what cannot be written is dropped.</summary>
    public static TextWriter Error => LazyInitializer.EnsureInitialized(ref s_error, () => Writer(2));

    /// <summary>
    /// Whether a failed write means the reader went away (EPIPE: a closed pipe; EBADF: started
    /// with standard output closed), which ends ProcMonitor as asked, rather than a real failure
    /// such as a full disk, which loses lines.
    /// </summary>
    public static bool ReaderGone(IOException e) => e.HResult is 32 /* EPIPE */ or 9 /* EBADF */;

    private static TextWriter Writer(int descriptor) =>
        TextWriter.Synchronized(new StreamWriter(new DescriptorStream(descriptor, throwOnFailure: false), new UTF8Encoding(false), 4096) { AutoFlush = true });
}
