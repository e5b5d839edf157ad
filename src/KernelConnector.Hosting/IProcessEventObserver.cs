using KernelConnector.ProcessEvents;

namespace KernelConnector.Hosting;

/// <summary>
/// Receives every process event with its process, on the receive loop (keep it short: a slow
/// observer delays the reading of short-lived processes). Registered with
/// <see cref="ProcessEventsServiceCollectionExtensions.AddProcessEventObserver{TObserver}"/> and
/// resolved from the container once, when the service starts.
/// </summary>
public interface IProcessEventObserver
{
    /// <summary>One event; <paramref name="process"/> is the table's record after applying it (null when unknown).</summary>
    void OnEvent(in ProcEvent ev, ProcessRecord? process);
}
