using System.Collections.Generic;
using System.Diagnostics.Metrics;
using KernelConnector.Testing;
using Xunit;

namespace KernelConnector.Hosting.Tests;

/// <summary>The names ProcessEventsTelemetry gives applications are the names the instruments really have.</summary>
public sealed class ProcessEventsTelemetryTests
{
    [Fact]
    public void The_transport_meter_name_is_the_meter_the_runtime_publishes_endpoints_on()
    {
        var meters = new HashSet<string>();
        using var listener = new MeterListener { InstrumentPublished = (instrument, _) => { lock (meters) { meters.Add(instrument.Meter.Name); } } };
        listener.Start();
        using var connector = new InMemoryConnector();
        using var endpoint = connector.Open();
        Assert.Contains(ProcessEventsTelemetry.TransportMeterName, meters);
    }
}
