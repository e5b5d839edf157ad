using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KernelConnector.Hosting;

/// <summary>
/// One check for every hosted endpoint: unhealthy when any receive loop is not running, degraded
/// when any lost messages within its loss window, healthy otherwise. The description names each
/// endpoint that is not healthy (its handler class and service key) and why.
/// </summary>
internal sealed class ConnectorEndpointsHealthCheck(IEnumerable<ConnectorEndpointService> services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var endpoints = services.ToList();
        var data = new Dictionary<string, object>();
        var dead = new List<string>();
        var lossy = new List<string>();
        System.Exception? failure = null;
        foreach (var endpoint in endpoints)
        {
            if (!endpoint.IsRunning)
            {
                failure ??= endpoint.Failure;
                dead.Add(endpoint.Failure is { } e
                    ? $"The receive loop for {endpoint.Name} stopped: {e.Message}"
                    : $"The receive loop for {endpoint.Name} is not running.");
                data[endpoint.Name] = HealthStatus.Unhealthy;
            }
            else if (endpoint.SinceLastLoss is { } since && since < endpoint.Options.LossWindow)
            {
                lossy.Add($"Connector messages for {endpoint.Name} were lost {since.TotalSeconds:0} s ago.");
                data[endpoint.Name] = HealthStatus.Degraded;
            }
            else
            {
                data[endpoint.Name] = HealthStatus.Healthy;
            }
        }

        var result = dead.Count > 0
            ? new HealthCheckResult(context.Registration.FailureStatus, string.Join(" ", dead.Concat(lossy)), failure, data)
            : lossy.Count > 0
                ? HealthCheckResult.Degraded(string.Join(" ", lossy), data: data)
                : HealthCheckResult.Healthy(endpoints.Count == 0 ? "No connector endpoint is hosted." : $"Receiving on {endpoints.Count} connector endpoint(s).", data);
        return Task.FromResult(result);
    }
}
