using System;
using KernelConnector.ProcessEvents;
using Microsoft.Extensions.Logging;

namespace KernelConnector.Hosting;

/// <summary>
/// What the service logs: its start and stop, each loss, and observer failures — each once with
/// counts, never once per event (a storm would flood any log).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Listening to process events on port {PortId} ({Processes} processes running, filter {FilterMode})")]
    public static partial void Started(ILogger logger, uint portId, int processes, ProcessEventFilterMode filterMode);

    [LoggerMessage(2, LogLevel.Information, "Stopped listening to process events: {Events} events, {Lost} lost, {Resynchronizations} resynchronisations, {ObserverFailures} observer failures")]
    public static partial void Stopped(ILogger logger, long events, long lost, long resynchronizations, long observerFailures);

    [LoggerMessage(3, LogLevel.Warning, "Process events lost ({Cause}, {Lost} known missing); resynchronised from /proc: {Added} new, {Vanished} gone")]
    public static partial void Lost(ILogger logger, ConnectorLossKind cause, long lost, int added, int vanished);

    [LoggerMessage(4, LogLevel.Error, "A process-event observer failed; later failures are counted, not logged")]
    public static partial void ObserverFailed(ILogger logger, Exception exception);

    [LoggerMessage(5, LogLevel.Critical, "The process-event receive loop stopped")]
    public static partial void LoopFailed(ILogger logger, Exception exception);
}
