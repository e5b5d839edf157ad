namespace KernelConnector.ProcessEvents;

/// <summary>Where the event filter of <see cref="ProcessEventSourceOptions.Events"/> is applied.</summary>
public enum ProcessEventFilterMode
{
    /// <summary>Nothing to filter: every kind was asked for.</summary>
    None,

    /// <summary>The kernel filters (<c>struct proc_input</c>, Linux 6.6+): unwanted events are never sent.</summary>
    Kernel,

    /// <summary>The kernel does not know <c>proc_input</c>; every event is sent and unwanted ones are dropped here.</summary>
    Userspace,
}
