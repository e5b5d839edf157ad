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

    /// <summary>How long to wait for the kernel's acknowledgement when subscribing (5 s, as the library: a loaded machine can take more than a second).</summary>
    public TimeSpan AcknowledgementTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Nice levels to raise the receive thread by (0 to 39; 0, the default: none), so that on a
    /// machine whose cores are busy it reads short-lived processes before they are gone (see
    /// <see cref="ProcessEventSourceOptions.PriorityBoost"/>). Needs <c>CAP_SYS_NICE</c>; when the
    /// kernel refuses it the service runs without it.
    /// </summary>
    public int PriorityBoost { get; set; }

    /// <summary>
    /// How long events other than execs may wait, to be received in batches (zero, the default:
    /// none; at most one second): the receive loop then wakes once per batch instead of once per
    /// event, and an exec still wakes it at once (see <see cref="ProcessEventSourceOptions.BatchDelay"/>).
    /// Observers see forks, exits and the rest up to this much later.
    /// </summary>
    public TimeSpan BatchDelay { get; set; }

    /// <summary>
    /// Whether the event path is compiled right after the start, on events made up for this
    /// process that reach no observer (true, the default; see
    /// <see cref="ProcessEventSourceOptions.WarmUp"/>), so that the first burst of events is not
    /// run while the runtime compiles it. It costs the same compilations at the start, about half
    /// a second of CPU in the background. No effect under NativeAOT.
    /// </summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>
    /// Whether a receive loop that fails while running stops the host (true, the default): the
    /// failure is logged, the process exit code becomes <see cref="FailureExitCode"/> and the
    /// application stops, so that a service manager (systemd's <c>Restart=on-failure</c>) starts it
    /// anew. A service without events is no use, and one that keeps running is never restarted.
    /// False keeps the host running with the loop dead; only the log and the health check tell.
    /// A stop the host asked for is never a failure.
    /// </summary>
    public bool StopHostOnFailure { get; set; } = true;

    /// <summary>The process exit code (<see cref="Environment.ExitCode"/>) set when a failed loop stops the host: 1.</summary>
    public const int FailureExitCode = 1;
}
