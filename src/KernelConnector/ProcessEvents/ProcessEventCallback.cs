namespace KernelConnector.ProcessEvents;

/// <summary>
/// Receives a process event, in place, together with the process it is about as the
/// <see cref="ProcessTable"/> knows it right after applying the event (for a fork, the new
/// process; for a thread's event, the thread's process; null when the table could not tell).
/// </summary>
public delegate void ProcessEventCallback(in ProcEvent ev, ProcessRecord? process);
