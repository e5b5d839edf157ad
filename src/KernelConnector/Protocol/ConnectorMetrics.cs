using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace KernelConnector.Protocol;

/// <summary>
/// Publishes every live endpoint's counters through <c>System.Diagnostics.Metrics</c> (meter
/// <c>KernelConnector</c>), so that dotnet-counters and OpenTelemetry see them. The instruments
/// are observable: the hot path only bumps its own counters, and figures are read on collection.
/// </summary>
internal static class ConnectorMetrics
{
    public const string MeterName = "KernelConnector";

    private static readonly Meter Meter = new(MeterName, BuildInfo.Version);
    private static readonly ConcurrentDictionary<EndpointCounters, byte> Endpoints = new();

    static ConnectorMetrics()
    {
        Observe("kernelconnector.datagrams.received", "Datagrams received.", s => s.Datagrams);
        Observe("kernelconnector.messages.received", "Connector messages received.", s => s.Received);
        Observe("kernelconnector.messages.dispatched", "Messages handed to a callback or a waiting request.", s => s.Dispatched);
        Observe("kernelconnector.messages.unrouted", "Messages for an id without a callback.", s => s.Unrouted);
        Observe("kernelconnector.messages.invalid", "Messages whose payload failed validation.", s => s.Invalid);
        Observe("kernelconnector.messages.malformed", "Datagram parts whose headers did not match the bytes.", s => s.Malformed);
        Observe("kernelconnector.overruns", "Receive-queue overruns (ENOBUFS).", s => s.Overruns);
        Observe("kernelconnector.messages.lost", "Messages missing from a sender's sequence.", s => s.SequenceGaps);
        Observe("kernelconnector.messages.spoofed", "Messages with a kernel-owned id from a userspace port, dropped.", s => s.Spoofed);
        Observe("kernelconnector.callback.errors", "Exceptions thrown by callbacks.", s => s.CallbackErrors);
        Observe("kernelconnector.messages.sent", "Messages sent.", s => s.Sent);
    }

    public static void Register(EndpointCounters counters) => Endpoints.TryAdd(counters, 0);

    public static void Unregister(EndpointCounters counters) => Endpoints.TryRemove(counters, out _);

    private static void Observe(string name, string description, System.Func<ConnectorStatistics, long> read) =>
        Meter.CreateObservableCounter(name, () => Measure(read), unit: "{message}", description: description);

    private static IEnumerable<Measurement<long>> Measure(System.Func<ConnectorStatistics, long> read)
    {
        foreach (var counters in Endpoints.Keys)
        {
            yield return new Measurement<long>(read(counters.Snapshot()), new KeyValuePair<string, object?>("port", counters.PortId));
        }
    }
}
