using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace KernelConnector.Hosting;

/// <summary>Unhealthy when the receive loop is not running; degraded after a recent loss of events.</summary>
internal sealed class ProcessEventsHealthCheck(ProcessEventsService service, IOptions<ProcessEventsOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!service.IsRunning)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus,
                service.Failure is { } failure ? $"The process-event receive loop stopped: {failure.Message}" : "The process-event receive loop is not running.",
                service.Failure));
        }

        if (service.SinceLastLoss is { } since && since < options.Value.LossWindow)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"Process events were lost {since.TotalSeconds:0} s ago; the table was resynchronised from /proc."));
        }

        return Task.FromResult(HealthCheckResult.Healthy("Receiving process events."));
    }
}
