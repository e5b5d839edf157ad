namespace KernelConnector.Hosting;

/// <summary>
/// The names an application needs to route the service's telemetry: the meter to add to a metrics
/// pipeline and the log category the per-event records are written in.
/// </summary>
public static class ProcessEventsTelemetry
{
    /// <summary>The meter of the process-event instruments (<c>AddMeter(ProcessEventsTelemetry.MeterName)</c>).</summary>
    public const string MeterName = "KernelConnector.ProcessEvents";

    /// <summary>The meter of the transport's own figures (datagrams, messages, overruns per endpoint).</summary>
    public const string TransportMeterName = "KernelConnector";

    /// <summary>The log category of the per-event records of <c>AddProcessEventLogRecords</c>: filter or route it on its own.</summary>
    public const string RecordsCategory = "KernelConnector.ProcessEvents.Records";
}
