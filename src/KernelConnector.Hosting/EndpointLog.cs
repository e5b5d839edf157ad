using System;
using Microsoft.Extensions.Logging;

namespace KernelConnector.Hosting;

/// <summary>
/// What an endpoint's hosted receive loop logs: start, stop with counts, each loss, the first
/// callback failure and a failed loop — never once per message.
/// </summary>
internal static partial class EndpointLog
{
    [LoggerMessage(10, LogLevel.Information, "Receiving connector messages on port {PortId} for {Handlers}")]
    public static partial void Started(ILogger logger, uint portId, string handlers);

    [LoggerMessage(11, LogLevel.Information, "Stopped receiving on port {PortId}: {Dispatched} dispatched, {Unrouted} unrouted, {Invalid} invalid, {CallbackFailures} callback failures")]
    public static partial void Stopped(ILogger logger, uint portId, long dispatched, long unrouted, long invalid, long callbackFailures);

    [LoggerMessage(12, LogLevel.Warning, "Connector messages lost on port {PortId} ({Cause}, {Lost} known missing, sender {SenderPortId}, id {Id})")]
    public static partial void Lost(ILogger logger, uint portId, ConnectorLossKind cause, long lost, uint senderPortId, CbId id);

    [LoggerMessage(13, LogLevel.Error, "A callback for {Id} in {Handlers} failed; later failures are counted, not logged")]
    public static partial void CallbackFailed(ILogger logger, CbId id, string handlers, Exception exception);

    [LoggerMessage(14, LogLevel.Critical, "The receive loop for {Handlers} stopped")]
    public static partial void LoopFailed(ILogger logger, string handlers, Exception exception);
}
