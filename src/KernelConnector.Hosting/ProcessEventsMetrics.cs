using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;
using KernelConnector.ProcessEvents;

namespace KernelConnector.Hosting;

/// <summary>
/// The service's instruments, created through <see cref="IMeterFactory"/> on the meter
/// <c>KernelConnector.ProcessEvents</c>. Names follow OpenTelemetry's conventions: dotted
/// lower-case, a unit in braces for counts.
/// </summary>
/// <remarks>
/// Every instrument is observable: the service keeps the counts and a collection reads them, so
/// that every series (each event kind, the loss counters) is exported from the first collection,
/// at 0 until something happens. A counter that appears only at its first increment leaves
/// <c>rate()</c> and alerts blind until the first incident, and an <c>Add(0)</c> at start is lost
/// when the application's listener subscribes after the service started.
/// </remarks>
internal sealed class ProcessEventsMetrics
{
    public const string MeterName = ProcessEventsTelemetry.MeterName;

    private readonly long[] _events = new long[ProcessEventNames.Kinds.Count];
    private readonly KeyValuePair<string, object?>[] _kindTags = new KeyValuePair<string, object?>[ProcessEventNames.Kinds.Count];
    private long _lost;
    private long _resynchronizations;

    public ProcessEventsMetrics(IMeterFactory meterFactory, ProcessTable table)
    {
        for (var i = 0; i < _kindTags.Length; i++)
        {
            _kindTags[i] = new KeyValuePair<string, object?>(ProcessEventNames.KindAttribute, ProcessEventNames.Kinds[i]);
        }

        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("kernelconnector.process.events", Events, "{event}", "Process events received, by kind.");
        meter.CreateObservableCounter("kernelconnector.process.events.lost", () => Interlocked.Read(ref _lost), "{event}", "Process events known lost (sequence gaps; an overrun counts 0 and is in resynchronisations).");
        meter.CreateObservableCounter("kernelconnector.process.resynchronizations", () => Interlocked.Read(ref _resynchronizations), "{resynchronization}", "Rescans of /proc after a loss.");
        meter.CreateObservableUpDownCounter("kernelconnector.process.live", () => (long)table.Statistics.Live, "{process}", "Processes alive in the table.");
    }

    public void Event(ProcEventKind kind) => Interlocked.Increment(ref _events[ProcessEventNames.KindIndex(kind)]);

    public void Resynchronized(long lost)
    {
        Interlocked.Increment(ref _resynchronizations);
        Interlocked.Add(ref _lost, lost);
    }

    private Measurement<long>[] Events()
    {
        var measurements = new Measurement<long>[_events.Length];
        for (var i = 0; i < measurements.Length; i++)
        {
            measurements[i] = new Measurement<long>(Interlocked.Read(ref _events[i]), _kindTags[i]);
        }

        return measurements;
    }
}
