using System;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelConnector.Hosting;

/// <summary>Registers connector endpoints and the handler classes their messages go to.</summary>
public static class ConnectorEndpointServiceCollectionExtensions
{
    /// <summary>
    /// Adds an endpoint opened by <paramref name="open"/> (a <see cref="Transport.ConnectorSocket"/>, or an
    /// endpoint of an <c>InMemoryConnector</c> in tests) and a hosted receive loop that dispatches
    /// its messages to <typeparamref name="THandlers"/> — a class with <c>[ConnectorCallback]</c>
    /// methods, which the generator makes an <see cref="IConnectorDispatcher"/>. The handler class is
    /// a singleton resolved from the container, so its constructor takes any service; the loop
    /// starts and stops with the host. The endpoint is a service too, for code that sends:
    /// <see cref="IConnectorEndpoint"/>, or keyed by <paramref name="serviceKey"/> when the host has
    /// several endpoints. <paramref name="configure"/> sets how the host treats this endpoint's loop
    /// (<see cref="ConnectorEndpointHostingOptions"/>: by default a loop that dies stops the host
    /// with exit code 1); the options are validated when the host starts. Add the health check with
    /// <see cref="AddConnectorEndpointsCheck"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A second endpoint without a <paramref name="serviceKey"/>.</exception>
    public static IServiceCollection AddConnectorEndpoint<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandlers>(
        this IServiceCollection services, Func<IServiceProvider, IConnectorEndpoint> open, object? serviceKey = null, Action<ConnectorEndpointHostingOptions>? configure = null)
        where THandlers : class, IConnectorDispatcher
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(open);
        services.TryAddSingleton<THandlers>();
        if (serviceKey is null)
        {
            if (services.Any(d => d.ServiceType == typeof(IConnectorEndpoint) && !d.IsKeyedService))
            {
                throw new InvalidOperationException(
                    $"An endpoint without a service key is registered already; give the endpoint for {typeof(THandlers).Name} a serviceKey, so that code that sends can say which it means.");
            }

            services.AddSingleton(open);
        }
        else
        {
            services.AddKeyedSingleton(serviceKey, (provider, _) => open(provider));
        }

        // Named options, one name per endpoint, so that each is configured and validated on its own;
        // the name is what the health check and a validation failure call the endpoint. Two keys
        // that print alike would share it (and each other's options): refused.
        var name = serviceKey is null ? typeof(THandlers).Name : $"{typeof(THandlers).Name} (service key {serviceKey})";
        if (services.Any(d => d.ServiceType == typeof(ConnectorEndpointService) && d.IsKeyedService && Equals(d.ServiceKey, name)))
        {
            throw new InvalidOperationException(
                $"An endpoint for {name} is registered already; give each endpoint a service key of its own, one that no other endpoint's key prints as.");
        }

        var options = services.AddOptions<ConnectorEndpointHostingOptions>(name).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectorEndpointHostingOptions>, ConnectorEndpointHostingOptionsValidator>());

        // One service per endpoint, keyed by its name (an internal service type, so no one else's
        // key), so that the host (to run it) and the health check (to ask it) get the same
        // instance. Added, not tried: every endpoint has a loop of its own.
        services.AddKeyedSingleton(name, (provider, _) => new ConnectorEndpointService(
            name,
            serviceKey is null ? provider.GetRequiredService<IConnectorEndpoint>() : provider.GetRequiredKeyedService<IConnectorEndpoint>(serviceKey),
            provider.GetRequiredService<THandlers>(),
            provider.GetRequiredService<IOptionsMonitor<ConnectorEndpointHostingOptions>>().Get(name),
            provider.GetRequiredService<ILogger<ConnectorEndpointService>>(),
            provider.GetRequiredService<IHostApplicationLifetime>()));
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredKeyedService<ConnectorEndpointService>(name));
        services.AddSingleton(provider => provider.GetRequiredKeyedService<ConnectorEndpointService>(name));
        return services;
    }

    /// <summary>
    /// Adds a health check named <c>connector-endpoints</c> over every endpoint added with
    /// <see cref="AddConnectorEndpoint{THandlers}"/>: unhealthy when any receive loop is not running
    /// (naming the handler class, the service key and the failure), degraded for
    /// <see cref="ConnectorEndpointHostingOptions.LossWindow"/> after a loss, healthy otherwise.
    /// </summary>
    public static IHealthChecksBuilder AddConnectorEndpointsCheck(this IHealthChecksBuilder builder, string name = "connector-endpoints")
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(name, provider => new ConnectorEndpointsHealthCheck(
            provider.GetServices<ConnectorEndpointService>()), HealthStatus.Unhealthy, tags: null));
    }
}
