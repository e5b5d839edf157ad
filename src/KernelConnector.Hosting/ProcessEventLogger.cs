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
    public const string Category = ProcessEventsTelemetry.RecordsCategory;

    private static readonly EventId Id = new(100, "ProcessEvent");
    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);

    public void OnEvent(in ProcEvent ev, ProcessRecord? process)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        _logger.Log(LogLevel.Information, Id, new ProcessEventRecord(ev, process, ProcessEventNames.Of(ev, process)), null, static (record, _) => record.ToString());
    }
}
