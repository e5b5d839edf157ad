using System;

namespace KernelConnector.Hosting;

/// <summary>
/// How the host treats one hosted connector endpoint's receive loop (set per endpoint through
/// <c>AddConnectorEndpoint</c>'s <c>configure</c>); checked when the host starts.
/// </summary>
public sealed class ConnectorEndpointHostingOptions
{
    /// <summary>
    /// Whether a receive loop that fails while running stops the host (true, the default): the
    /// failure is logged, the process exit code becomes <see cref="FailureExitCode"/> and the
    /// application stops, so that a service manager (systemd's <c>Restart=on-failure</c>) starts it
    /// anew. A service that no longer hears its messages is no use, and one that keeps running is
    /// never restarted. False keeps the host running with the loop dead; only the log and the
    /// health check tell. A stop the host asked for is never a failure.
    /// </summary>
    public bool StopHostOnFailure { get; set; } = true;

    /// <summary>How long after a loss the health check reports the endpoint as degraded (1 minute).</summary>
    public TimeSpan LossWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The process exit code (<see cref="Environment.ExitCode"/>) set when a failed loop stops the
    /// host: 1, the same as for process events, so that one service's unit file treats both alike.
    /// </summary>
    public const int FailureExitCode = ProcessEventsOptions.FailureExitCode;
}
