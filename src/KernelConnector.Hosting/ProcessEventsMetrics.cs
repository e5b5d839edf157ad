using System.Collections.Generic;
using System.Diagnostics.Metrics;
using KernelConnector.ProcessEvents;

namespace KernelConnector.Hosting;

/// <summary>
/// The service's instruments, created through <see cref="IMeterFactory"/> on the meter
/// <c>KernelConnector.ProcessEvents</c>. Names follow OpenTelemetry's conventions: dotted
/// lower-case, a unit in braces for counts.
/// </summary>
internal sealed class ProcessEventsMetrics
{
    public const string MeterName = ProcessEventsTelemetry.MeterName;

    private readonly Counter<long> _events;
    private readonly Counter<long> _lost;
    private readonly Counter<long> _resynchronizations;

    public ProcessEventsMetrics(IMeterFactory meterFactory, ProcessTable table)
    {
        var meter = meterFactory.Create(MeterName);
        _events = meter.CreateCounter<long>("kernelconnector.process.events", "{event}", "Process events received, by kind.");
        _lost = meter.CreateCounter<long>("kernelconnector.process.events.lost", "{event}", "Process events known lost (sequence gaps; an overrun counts 0 and is in resynchronisations).");
        _resynchronizations = meter.CreateCounter<long>("kernelconnector.process.resynchronizations", "{resynchronization}", "Rescans of /proc after a loss.");
        meter.CreateObservableUpDownCounter("kernelconnector.process.live", () => (long)table.Statistics.Live, "{process}", "Processes alive in the table.");
    }

    public void Event(ProcEventKind kind) => _events.Add(1, new KeyValuePair<string, object?>(ProcessEventNames.KindAttribute, ProcessEventNames.Kind(kind)));

    public void Resynchronized(long lost)
    {
        _resynchronizations.Add(1);
        _lost.Add(lost);
    }
}
