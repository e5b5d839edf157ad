using System;
using KernelConnector.ProcessEvents;

namespace KernelConnector.Hosting;

/// <summary>How the hosted process-event service listens and what it keeps; checked when the host starts.</summary>
public sealed class ProcessEventsOptions
{
    /// <summary>The socket's receive buffer in bytes (4 KiB to 1 GiB); 8 MiB holds about 100,000 events.</summary>
    public int ReceiveBufferSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>What the process table reads from <c>/proc</c> per exec.</summary>
    public ProcessDetails Details { get; set; } = ProcessDetails.All;

    /// <summary>How many exited processes stay queryable.</summary>
    public int RetainExited { get; set; } = 4096;

    /// <summary>How long after a loss the health check reports the service as degraded.</summary>
    public TimeSpan LossWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long to wait for the kernel's acknowledgement when subscribing.</summary>
    public TimeSpan AcknowledgementTimeout { get; set; } = TimeSpan.FromSeconds(1);
}
