using KernelConnector.ProcessEvents;
using Microsoft.Extensions.Logging;

namespace KernelConnector.Hosting;

/// <summary>
/// Writes every process event (threads' included) as a structured log record in the category
/// <see cref="Category"/>, at <see cref="LogLevel.Information"/>. With OpenTelemetry's logging
/// provider they become OpenTelemetry log records with the process/container attributes; exporting
/// them over OTLP is then the application's one-line choice (<c>AddOtlpExporter()</c>).
/// </summary>
internal sealed class ProcessEventLogger(ILoggerFactory loggerFactory) : IProcessEventObserver
{
    /// <summary>The category the records are written in: filter or route it on its own.</summary>
    public const string Category = "KernelConnector.ProcessEvents.Records";

    private static readonly EventId Id = new(100, "ProcessEvent");
    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);

    public void OnEvent(in ProcEvent ev, ProcessRecord? process)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var name = ev.What switch
        {
            ProcEventKind.Fork => ev.Fork.ChildPid == ev.Fork.ChildTgid ? "fork" : "clone",
            ProcEventKind.Exec => "exec",
            ProcEventKind.Exit => ev.Exit.ProcessPid == ev.Exit.ProcessTgid ? "exit" : "thread_exit",
            ProcEventKind.Uid => "uid",
            ProcEventKind.Gid => "gid",
            ProcEventKind.Sid => "sid",
            ProcEventKind.Ptrace => "ptrace",
            ProcEventKind.Comm => "comm",
            ProcEventKind.Coredump => "coredump",
            _ => "other",
        };
        _logger.Log(LogLevel.Information, Id, new ProcessEventRecord(ev, process, name), null, static (record, _) => record.ToString());
    }
}
