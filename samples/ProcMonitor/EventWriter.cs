using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using KernelConnector.ProcessEvents;

namespace ProcMonitor;

/// <summary>Writes one line per event: aligned text like forkstat's, or one JSON object.</summary>
internal sealed class EventWriter : IDisposable
{
    private readonly TextWriter _text;
    private readonly Stream _stream;
    private readonly Utf8JsonWriter? _json;
    private readonly object _gate = new();

    public EventWriter(Stream output, bool json)
    {
        _stream = new BufferedStream(output, 64 * 1024);
        _text = new StreamWriter(_stream, new UTF8Encoding(false), 64 * 1024) { AutoFlush = false };
        if (json)
        {
            _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }
    }

    private bool _headerWritten;

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
            _text.WriteLine("Time         Event      PID Info                       Duration Process");
        }

        _headerWritten = true;
    }

    public void Write(in ProcEvent ev, DateTime wallClock, string info, double? durationSeconds, string commandLine)
    {
        lock (_gate)
        {
            WriteHeaderLocked();
            if (_json is not null)
            {
                WriteJson(ev, wallClock, durationSeconds, commandLine);
                return;
            }

            var duration = durationSeconds is { } d ? d.ToString("0.000", CultureInfo.InvariantCulture) + "s" : "";
            _text.Write(wallClock.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture));
            _text.Write(' ');
            _text.Write(EventName(ev).PadRight(7));
            _text.Write(ev.ThreadGroupId.ToString(CultureInfo.InvariantCulture).PadLeft(8));
            _text.Write(' ');
            _text.Write(info.PadRight(26));
            _text.Write(' ');
            _text.Write(duration.PadLeft(8));
            _text.Write(' ');
            _text.WriteLine(commandLine);
        }
    }

    public static string EventName(in ProcEvent ev) => ev.What switch
    {
        ProcEventKind.Fork => ev.Fork.ChildPid == ev.Fork.ChildTgid ? "fork" : "clone",
        ProcEventKind.Exec => "exec",
        ProcEventKind.Exit => ev.Exit.ProcessPid == ev.Exit.ProcessTgid ? "exit" : "thrdex",
        ProcEventKind.Uid => "uid",
        ProcEventKind.Gid => "gid",
        ProcEventKind.Sid => "sid",
        ProcEventKind.Ptrace => "ptrace",
        ProcEventKind.Comm => "comm",
        ProcEventKind.Coredump => "core",
        _ => "0x" + ((uint)ev.What).ToString("x8", CultureInfo.InvariantCulture),
    };

    private void WriteJson(in ProcEvent ev, DateTime wallClock, double? durationSeconds, string commandLine)
    {
        var json = _json!;
        json.WriteStartObject();
        json.WriteString("time", wallClock.ToString("O", CultureInfo.InvariantCulture));
        json.WriteString("event", EventName(ev));
        json.WriteNumber("pid", ev.ProcessId);
        json.WriteNumber("tgid", ev.ThreadGroupId);
        json.WriteNumber("cpu", ev.Cpu);
        json.WriteNumber("timestamp_ns", ev.TimestampNs);
        switch (ev.What)
        {
            case ProcEventKind.Fork:
                json.WriteNumber("parent_pid", ev.Fork.ParentPid);
                json.WriteNumber("parent_tgid", ev.Fork.ParentTgid);
                break;
            case ProcEventKind.Exit:
                json.WriteNumber("exit_code", ev.Exit.ExitStatus);
                json.WriteNumber("exit_signal", ev.Exit.TerminationSignal);
                json.WriteBoolean("core_dumped", ev.Exit.CoreDumped);
                json.WriteNumber("parent_pid", ev.Exit.ParentPid);
                break;
            case ProcEventKind.Uid or ProcEventKind.Gid:
                json.WriteNumber("real", ev.IdChange.Real);
                json.WriteNumber("effective", ev.IdChange.Effective);
                break;
            case ProcEventKind.Ptrace:
                json.WriteNumber("tracer_pid", ev.Ptrace.TracerPid);
                json.WriteNumber("tracer_tgid", ev.Ptrace.TracerTgid);
                break;
            case ProcEventKind.Comm:
                json.WriteString("comm", ev.Comm.Comm.ToString());
                break;
            case ProcEventKind.Coredump:
                json.WriteNumber("parent_pid", ev.Coredump.ParentPid);
                break;
        }

        if (durationSeconds is { } d)
        {
            json.WriteNumber("duration_s", Math.Round(d, 6));
        }

        json.WriteString("cmdline", commandLine);
        json.WriteEndObject();
        json.Flush();
        json.Reset();
        _stream.WriteByte((byte)'\n');
    }

    public void Flush()
    {
        lock (_gate)
        {
            _text.Flush();
            _stream.Flush();
        }
    }

    public void Dispose()
    {
        Flush();
        _json?.Dispose();
        _text.Dispose();
    }
}
