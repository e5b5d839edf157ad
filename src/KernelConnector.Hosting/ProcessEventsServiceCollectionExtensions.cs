using System;
using System.Diagnostics.CodeAnalysis;
using KernelConnector.ProcessEvents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KernelConnector.Hosting;

/// <summary>Registers the kernel's process events in a host.</summary>
public static class ProcessEventsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the process-event service: a <see cref="ProcessTable"/> singleton kept current, a hosted
    /// receive loop (started and stopped with the host), its logging, its meter and its options
    /// (validated when the host starts). Add observers with <see cref="AddProcessEventObserver{TObserver}"/>
    /// and the health check with <see cref="AddProcessEventsCheck"/>.
    /// </summary>
    public static IServiceCollection AddProcessEvents(this IServiceCollection services, Action<ProcessEventsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ProcessEventsOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProcessEventsOptions>, ProcessEventsOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(provider =>
        {
            var value = provider.GetRequiredService<IOptions<ProcessEventsOptions>>().Value;
            return new ProcessTable(new ProcessTableOptions { Details = value.Details, RetainExited = value.RetainExited });
        });
        services.TryAddSingleton<ProcessEventsMetrics>();
        services.TryAddSingleton<ProcessEventsService>();
        services.AddHostedService(provider => provider.GetRequiredService<ProcessEventsService>());
        return services;
    }

    /// <summary>Adds an observer of every process event, resolved from the container when the service starts.</summary>
    public static IServiceCollection AddProcessEventObserver<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TObserver>(this IServiceCollection services)
        where TObserver : class, IProcessEventObserver
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProcessEventObserver, TObserver>());
        return services;
    }

    /// <summary>
    /// Writes every process event as a structured log record (category
    /// <c>KernelConnector.ProcessEvents.Records</c>) with OpenTelemetry's process and container
    /// attribute names (<c>process.pid</c>, <c>process.parent_pid</c>, <c>process.executable.name</c>,
    /// <c>process.command_args</c>, <c>process.exit.code</c>, <c>container.id</c>, …): with the
    /// OpenTelemetry logging provider they are exported as OpenTelemetry log records.
    /// </summary>
    public static IServiceCollection AddProcessEventLogRecords(this IServiceCollection services) =>
        services.AddProcessEventObserver<ProcessEventLogger>();

    /// <summary>Adds a health check named <c>process-events</c>: unhealthy without a running loop, degraded after a recent loss.</summary>
    public static IHealthChecksBuilder AddProcessEventsCheck(this IHealthChecksBuilder builder, string name = "process-events")
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(name, provider => new ProcessEventsHealthCheck(
            provider.GetRequiredService<ProcessEventsService>(), provider.GetRequiredService<IOptions<ProcessEventsOptions>>()), HealthStatus.Unhealthy, tags: null));
    }
}
