using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using KernelConnector.ProcessEvents;

namespace ProcMonitor;

/// <summary>
/// Writes one line per event: aligned text like forkstat's, or one JSON object. Every text field
/// that comes from a process (names, arguments, paths) is escaped, so an event is always one line.
/// </summary>
internal sealed class EventWriter : IDisposable
{
    // Column widths; the header is written with the same ones, so it cannot drift from the data.
    private const int TimeWidth = 12, EventWidth = 6, PidWidth = 8, UserWidth = 10, ContainerWidth = 12, InfoWidth = 24, DurationWidth = DurationText.Width;

    private readonly TextWriter _text;
    private readonly Stream _stream;
    private readonly Utf8JsonWriter? _json;
    private readonly bool _extra;
    // A Lock, entered in managed code: a monitor on the JIT goes through the runtime's native
    // helpers for every line (docs/benchmarks.md).
    private readonly Lock _gate = new();
    private readonly StringBuilder _line = new(256);
    private bool _headerWritten;

    public EventWriter(Stream output, bool json, bool extra)
    {
        _stream = new BufferedStream(output, 64 * 1024);
        _text = new StreamWriter(_stream, new UTF8Encoding(false), 64 * 1024) { AutoFlush = false };
        _extra = extra;
        if (json)
        {
            // The relaxed encoder keeps non-ASCII readable and still escapes every control character.
            _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }
    }

    /// <summary>The text header, built from the same widths as the lines.</summary>
    public static string Header(bool extra)
    {
        var line = new StringBuilder();
        line.Append("Time".PadRight(TimeWidth)).Append(' ');
        line.Append("Event".PadRight(EventWidth)).Append(' ');
        line.Append("PID".PadLeft(PidWidth)).Append(' ');
        if (extra)
        {
            line.Append("PPID".PadLeft(PidWidth)).Append(' ');
            line.Append("User".PadRight(UserWidth)).Append(' ');
            line.Append("Container".PadRight(ContainerWidth)).Append(' ');
        }

        line.Append("Info".PadRight(InfoWidth)).Append(' ');
        line.Append("Duration".PadLeft(DurationWidth)).Append(' ');
        line.Append("Process");
        return line.ToString();
    }

    /// <summary>Writes the column header once: when listening starts, or before the first event if that comes first.</summary>
    public void WriteHeader()
    {
        lock (_gate)
        {
            WriteHeaderLocked();
        }
    }

    private void WriteHeaderLocked()
    {
        if (_json is null && !_headerWritten)
        {
            _text.WriteLine(Header(_extra));
        }

        _headerWritten = true;
    }

    /// <summary>
    /// True once the output refused a write (a pipe whose reader is gone: <c>procmonitor | head</c>
    /// after head has its lines); every later line is dropped, and the monitor stops.
    /// </summary>
    public bool IsClosed => Volatile.Read(ref _closed);

    private bool _closed;

    /// <summary>
    /// Why the output refused a write, when that was not its reader going away
    /// (<see cref="StandardStreams.ReaderGone"/>) but a real failure such as a full disk (ENOSPC)
    /// or an I/O error: then the lines were lost, and the run must not end as a success.
    /// Null when every line was written, or the reader is gone.
    /// </summary>
    public string? Failure { get; private set; }

    /// <summary>Stops writing for good, noting why.</summary>
    private void CloseLocked(IOException e)
    {
        if (!_closed && !StandardStreams.ReaderGone(e))
        {
            Failure = e.Message;
        }

        Volatile.Write(ref _closed, true);
    }

    public void Write(in ProcEvent ev, in EventLine line)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            try
            {
                WriteLocked(ev, line);
            }
            catch (IOException e)
            {
                CloseLocked(e);
            }
        }
    }

    private void WriteLocked(in ProcEvent ev, in EventLine line)
    {
        WriteHeaderLocked();
        if (_json is not null)
        {
            WriteJson(ev, line);
            return;
        }

        // Straight into one reused builder: a storm prints thousands of lines a second, and a
        // string per field (the time, each padded column, the duration) cost more than the rest
        // of the line's work (docs/benchmarks.md).
        var text = _line.Clear();
        AppendTime(text, line.Time);
        var nameStart = text.Length;
        text.Append(line.Name);
        PadRight(text, nameStart, EventWidth);
        text.Append(' ');
        AppendNumber(text, line.Pid, PidWidth);
        text.Append(' ');
        var process = line.Process;
        if (_extra)
        {
            if (process is { ParentPid: > 0 } p)
            {
                AppendNumber(text, p.ParentPid, PidWidth);
            }
            else
            {
                AppendRight(text, "?", PidWidth);
            }

            text.Append(' ');
            AppendUser(text, process);
            text.Append(' ');
            // A container's id cut to 12 characters, as docker ps shows it; an nspawn or LXC name too.
            AppendColumn(text, process?.Container?.Id ?? "-", ContainerWidth);
            text.Append(' ');
        }

        var infoStart = text.Length;
        AppendInfo(text, ev, line);
        var overflow = Math.Max(0, text.Length - infoStart - InfoWidth);
        PadRight(text, infoStart, InfoWidth);
        text.Append(' ');
        Span<char> duration = stackalloc char[DurationText.MaxLength];
        var durationLength = line.Duration is { } d ? DurationText.Format(duration, d) : 0;

        // Info longer than its column (a rename, a user's name) takes the room of the Duration
        // column, which such lines leave empty, so that the Process column stays where it is.
        AppendRight(text, duration[..durationLength], DurationWidth - overflow);
        text.Append(' ');
        TextEscaper.Append(text, process?.DisplayName ?? ProcessRecord.UnknownName);
        text.Append('\n');
        _text.Write(text);
    }

    /// <summary>The User column: the real user's name, else its uid; <c>?</c> when it is not known (never root by default).</summary>
    private static void AppendUser(StringBuilder text, ProcessRecord? process)
    {
        if (process is null || process.UidSource == ProcessCredentialSource.Unknown)
        {
            AppendColumn(text, "?", UserWidth);
        }
        else if (process.UserName is { } name)
        {
            AppendColumn(text, name, UserWidth);
        }
        else
        {
            var start = text.Length;
            text.Append(process.Uid);
            PadRight(text, start, UserWidth);
        }
    }

    // The line's "HH:mm:ss." for the second last printed: events come thousands to a second.
    private long _cachedSecond = -1;
    private readonly char[] _cachedTime = new char[9];

    /// <summary>The time column, HH:mm:ss.fff padded to its width.</summary>
    private void AppendTime(StringBuilder text, DateTime time)
    {
        var second = time.Ticks / TimeSpan.TicksPerSecond;
        if (second != _cachedSecond)
        {
            _cachedSecond = second;
            time.TryFormat(_cachedTime, out _, "HH:mm:ss.", CultureInfo.InvariantCulture);
        }

        var milliseconds = (int)(time.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMillisecond);
        text.Append(_cachedTime)
            .Append((char)('0' + (milliseconds / 100)))
            .Append((char)('0' + (milliseconds / 10 % 10)))
            .Append((char)('0' + (milliseconds % 10)))
            .Append(' ', TimeWidth - "HH:mm:ss.fff".Length + 1);
    }

    /// <summary>Left-aligns what was appended since <paramref name="start"/> in a column of <paramref name="width"/>.</summary>
    private static void PadRight(StringBuilder text, int start, int width) =>
        text.Append(' ', Math.Max(0, width - (text.Length - start)));

    /// <summary>
    /// Appends <paramref name="value"/> right-aligned in a column of <paramref name="width"/>: the
    /// padding first, never inserted afterwards (a StringBuilder inserts past its 32nd character
    /// by allocating a chunk, and its next Clear a whole new buffer: 640 bytes a line).
    /// </summary>
    private static void AppendRight(StringBuilder text, scoped ReadOnlySpan<char> value, int width) =>
        text.Append(' ', Math.Max(0, width - value.Length)).Append(value);

    private static void AppendNumber(StringBuilder text, int value, int width)
    {
        Span<char> digits = stackalloc char[11];
        value.TryFormat(digits, out var length, default, CultureInfo.InvariantCulture);
        AppendRight(text, digits[..length], width);
    }

    /// <summary>The event's details, written straight into the line (no string per event).</summary>
    private static void AppendInfo(StringBuilder text, in ProcEvent ev, in EventLine line)
    {
        // Numbers are appended as the invariant culture writes them (the project is InvariantGlobalization).
        switch (line.Class)
        {
            case EventClass.Fork:
                text.Append("parent ").Append(ev.Fork.ParentTgid);
                break;
            case EventClass.Clone:
                text.Append("thread of ").Append(ev.Fork.ChildTgid);
                break;
            case EventClass.ThreadExit:
                text.Append("thread of ").Append(ev.Exit.ProcessTgid);
                break;
            case EventClass.Exit when line.ExitOf(ev) is { TerminationSignal: not 0 } killed:
                text.Append("signal ").Append(killed.TerminationSignal).Append(killed.CoreDumped ? " (core)" : "");
                break;
            case EventClass.Exit:
                text.Append("exit ").Append(line.ExitOf(ev).ExitStatus);
                break;
            case EventClass.Uid or EventClass.Gid:
                var user = line.Class == EventClass.Uid;
                // "uid 1000 euid 0" when they differ (a set-user-id program), else "uid 1000".
                text.Append(user ? "uid " : "gid ").Append(ev.IdChange.Real);
                if (ev.IdChange.Effective != ev.IdChange.Real)
                {
                    text.Append(user ? " euid " : " egid ").Append(ev.IdChange.Effective);
                }

                if ((user ? line.Process?.UserName : line.Process?.GroupName) is { } name)
                {
                    TextEscaper.Append(text.Append(" ("), name).Append(')');
                }

                break;
            case EventClass.Sid:
                text.Append("sid ").Append(ev.Sid.ProcessTgid);
                break;
            case EventClass.Ptrace when ev.Ptrace.TracerPid == 0:
                text.Append("detached");
                break;
            case EventClass.Ptrace:
                text.Append("traced by ").Append(ev.Ptrace.TracerTgid);
                break;
            case EventClass.Comm:
                // A process's rename shows old -> new; a thread's, only its new name.
                var renamed = ev.Comm.ProcessPid == ev.Comm.ProcessTgid ? line.Process?.PreviousComm : null;
                if (renamed is null)
                {
                    text.Append("comm ");
                }
                else
                {
                    TextEscaper.Append(text, renamed).Append(" -> ");
                }

                TextEscaper.Append(text, Comm(ev.Comm.Comm, stackalloc char[ProcCommName.Length]));
                break;
            case EventClass.Core:
                text.Append("parent ").Append(ev.Coredump.ParentTgid);
                break;
        }
    }

    /// <summary>Left-aligns a process's text, escaped and cut to the column's <paramref name="width"/>.</summary>
    private static void AppendColumn(StringBuilder text, string value, int width)
    {
        var start = text.Length;
        TextEscaper.Append(text, value);
        if (text.Length - start > width)
        {
            text.Length = start + width;
        }

        PadRight(text, start, width);
    }

    /// <summary>A rename's new name as text, decoded into <paramref name="chars"/> (a byte is at most a character).</summary>
    private static ReadOnlySpan<char> Comm(in ProcCommName comm, Span<char> chars) => chars[..Encoding.UTF8.GetChars(comm.Bytes, chars)];

    private void WriteJson(in ProcEvent ev, in EventLine line)
    {
        var json = _json!;
        json.WriteStartObject();
        json.WriteString(Json.Time, line.Time);
        json.WriteString(Json.Event, line.Name);
        json.WriteNumber(Json.Pid, ev.ProcessId);
        json.WriteNumber(Json.Tgid, ev.ThreadGroupId);
        json.WriteNumber(Json.Cpu, ev.Cpu);
        json.WriteNumber(Json.TimestampNs, ev.TimestampNs);
        switch (ev.What)
        {
            case ProcEventKind.Fork:
                json.WriteNumber(Json.ParentPid, ev.Fork.ParentPid);
                json.WriteNumber(Json.ParentTgid, ev.Fork.ParentTgid);
                break;
            case ProcEventKind.Exit:
                var exit = line.ExitOf(ev);
                json.WriteNumber(Json.ExitCode, exit.ExitStatus);
                json.WriteNumber(Json.ExitSignal, exit.TerminationSignal);
                json.WriteBoolean(Json.CoreDumped, exit.CoreDumped);
                json.WriteNumber(Json.ParentPid, ev.Exit.ParentPid);
                json.WriteNumber(Json.ParentTgid, ev.Exit.ParentTgid);
                break;
            case ProcEventKind.Uid or ProcEventKind.Gid:
                json.WriteNumber(Json.Real, ev.IdChange.Real);
                json.WriteNumber(Json.Effective, ev.IdChange.Effective);
                break;
            case ProcEventKind.Sid:
                json.WriteNumber(Json.Sid, ev.Sid.ProcessTgid);
                break;
            case ProcEventKind.Ptrace:
                json.WriteNumber(Json.TracerPid, ev.Ptrace.TracerPid);
                json.WriteNumber(Json.TracerTgid, ev.Ptrace.TracerTgid);
                break;
            case ProcEventKind.Comm:
                json.WriteString(Json.Comm, Comm(ev.Comm.Comm, stackalloc char[ProcCommName.Length]));
                if (line.Process?.PreviousComm is { } previous)
                {
                    json.WriteString(Json.PreviousComm, previous);
                }

                break;
            case ProcEventKind.Coredump:
                json.WriteNumber(Json.ParentPid, ev.Coredump.ParentPid);
                json.WriteNumber(Json.ParentTgid, ev.Coredump.ParentTgid);
                break;
        }

        if (line.Duration is { } d)
        {
            json.WriteNumber(Json.DurationS, Math.Round(d.TotalSeconds, 6));
        }

        var process = line.Process;
        json.WriteString(Json.Cmdline, process?.DisplayName ?? ProcessRecord.UnknownName);
        if (process is not null)
        {
            WriteProcess(json, process);
        }

        json.WriteEndObject();
        json.Flush();
        json.Reset();
        _stream.WriteByte((byte)'\n');
    }

    // Enum names as JSON shows them, made once (a storm writes thousands of lines a second).
    private static readonly string[] NameSources = Array.ConvertAll(Enum.GetNames<ProcessNameSource>(), n => n.ToLowerInvariant());
    private static readonly string[] CredentialSources = Array.ConvertAll(Enum.GetNames<ProcessCredentialSource>(), n => n.ToLowerInvariant());
    private static readonly string[] Runtimes = Array.ConvertAll(Enum.GetNames<ContainerRuntime>(), n => n.ToLowerInvariant());

    private static void WriteProcess(Utf8JsonWriter json, ProcessRecord process)
    {
        json.WriteStartObject(Json.Process);
        json.WriteNumber(Json.StartTicks, process.Key.StartTicks);
        json.WriteString(Json.NameSource, NameSources[(int)process.NameSource]);
        json.WriteString(Json.Comm, process.Comm);
        if (process.Executable is { } exe)
        {
            json.WriteString(Json.Exe, exe);
        }

        json.WriteStartArray(Json.Args);
        // Indexed: a foreach over the interface would allocate an enumerator a line.
        var arguments = process.Arguments;
        for (var i = 0; i < arguments.Count; i++)
        {
            json.WriteStringValue(arguments[i]);
        }

        json.WriteEndArray();
        if (process.ArgumentsTruncated)
        {
            // Only when cut (a command line over 4 KiB): the last of "args" may be a piece of one.
            json.WriteBoolean(Json.ArgsTruncated, true);
        }

        json.WriteNumber(Json.Ppid, process.ParentPid);
        // Ids only when known, with where they came from (the fork and id events, or /proc).
        if (process.UidSource != ProcessCredentialSource.Unknown)
        {
            json.WriteNumber(Json.Uid, process.Uid);
            json.WriteNumber(Json.Euid, process.EffectiveUid);
            if (process.UserName is { } user)
            {
                json.WriteString(Json.User, user);
            }

            json.WriteString(Json.UidSource, CredentialSources[(int)process.UidSource]);
        }

        if (process.GidSource != ProcessCredentialSource.Unknown)
        {
            json.WriteNumber(Json.Gid, process.Gid);
            json.WriteNumber(Json.Egid, process.EffectiveGid);
            json.WriteString(Json.GidSource, CredentialSources[(int)process.GidSource]);
        }

        json.WriteNumber(Json.Sid, process.SessionId);
        if (process.CgroupPath is { } cgroup)
        {
            json.WriteString(Json.Cgroup, cgroup);
        }

        if (process.Container is { } container)
        {
            json.WriteString(Json.ContainerRuntime, Runtimes[(int)container.Runtime]);
            json.WriteString(Json.ContainerId, container.Id);
        }

        if (process.PidNamespace != 0)
        {
            json.WriteNumber(Json.PidNs, process.PidNamespace);
        }

        if (process.NamespacePid != 0)
        {
            json.WriteNumber(Json.NsPid, process.NamespacePid);
        }

        json.WriteNumber(Json.Threads, process.Threads);
        json.WriteEndObject();
    }

    /// <summary>Property names encoded once (a storm writes thousands of lines a second).</summary>
    private static class Json
    {
        public static readonly JsonEncodedText Args = JsonEncodedText.Encode("args");
        public static readonly JsonEncodedText ArgsTruncated = JsonEncodedText.Encode("args_truncated");
        public static readonly JsonEncodedText Cgroup = JsonEncodedText.Encode("cgroup");
        public static readonly JsonEncodedText Cmdline = JsonEncodedText.Encode("cmdline");
        public static readonly JsonEncodedText Comm = JsonEncodedText.Encode("comm");
        public static readonly JsonEncodedText ContainerId = JsonEncodedText.Encode("container_id");
        public static readonly JsonEncodedText ContainerRuntime = JsonEncodedText.Encode("container_runtime");
        public static readonly JsonEncodedText CoreDumped = JsonEncodedText.Encode("core_dumped");
        public static readonly JsonEncodedText Cpu = JsonEncodedText.Encode("cpu");
        public static readonly JsonEncodedText DurationS = JsonEncodedText.Encode("duration_s");
        public static readonly JsonEncodedText Effective = JsonEncodedText.Encode("effective");
        public static readonly JsonEncodedText Egid = JsonEncodedText.Encode("egid");
        public static readonly JsonEncodedText Euid = JsonEncodedText.Encode("euid");
        public static readonly JsonEncodedText Event = JsonEncodedText.Encode("event");
        public static readonly JsonEncodedText Exe = JsonEncodedText.Encode("exe");
        public static readonly JsonEncodedText ExitCode = JsonEncodedText.Encode("exit_code");
        public static readonly JsonEncodedText ExitSignal = JsonEncodedText.Encode("exit_signal");
        public static readonly JsonEncodedText Gid = JsonEncodedText.Encode("gid");
        public static readonly JsonEncodedText GidSource = JsonEncodedText.Encode("gid_source");
        public static readonly JsonEncodedText NameSource = JsonEncodedText.Encode("name_source");
        public static readonly JsonEncodedText NsPid = JsonEncodedText.Encode("ns_pid");
        public static readonly JsonEncodedText ParentPid = JsonEncodedText.Encode("parent_pid");
        public static readonly JsonEncodedText ParentTgid = JsonEncodedText.Encode("parent_tgid");
        public static readonly JsonEncodedText Pid = JsonEncodedText.Encode("pid");
        public static readonly JsonEncodedText PidNs = JsonEncodedText.Encode("pid_ns");
        public static readonly JsonEncodedText Ppid = JsonEncodedText.Encode("ppid");
        public static readonly JsonEncodedText PreviousComm = JsonEncodedText.Encode("previous_comm");
        public static readonly JsonEncodedText Process = JsonEncodedText.Encode("process");
        public static readonly JsonEncodedText Real = JsonEncodedText.Encode("real");
        public static readonly JsonEncodedText Sid = JsonEncodedText.Encode("sid");
        public static readonly JsonEncodedText StartTicks = JsonEncodedText.Encode("start_ticks");
        public static readonly JsonEncodedText Tgid = JsonEncodedText.Encode("tgid");
        public static readonly JsonEncodedText Threads = JsonEncodedText.Encode("threads");
        public static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
        public static readonly JsonEncodedText TimestampNs = JsonEncodedText.Encode("timestamp_ns");
        public static readonly JsonEncodedText TracerPid = JsonEncodedText.Encode("tracer_pid");
        public static readonly JsonEncodedText TracerTgid = JsonEncodedText.Encode("tracer_tgid");
        public static readonly JsonEncodedText Uid = JsonEncodedText.Encode("uid");
        public static readonly JsonEncodedText UidSource = JsonEncodedText.Encode("uid_source");
        public static readonly JsonEncodedText User = JsonEncodedText.Encode("user");
    }

    public void Flush()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            try
            {
                _text.Flush();
                _stream.Flush();
            }
            catch (IOException e)
            {
                CloseLocked(e);
            }
        }
    }

    public void Dispose()
    {
        Flush();
        try
        {
            _json?.Dispose();
            _text.Dispose();
        }
        catch (IOException)
        {
            // What was still buffered, for a reader that is gone.
        }
    }
}
