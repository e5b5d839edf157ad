using System;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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
    /// several endpoints.
    /// </summary>
    /// <exception cref="InvalidOperationException">A second endpoint without a <paramref name="serviceKey"/>.</exception>
    public static IServiceCollection AddConnectorEndpoint<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandlers>(
        this IServiceCollection services, Func<IServiceProvider, IConnectorEndpoint> open, object? serviceKey = null)
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

        // Added, not tried: every endpoint has a loop of its own.
        services.AddSingleton<IHostedService>(provider => new ConnectorEndpointService(
            serviceKey is null ? provider.GetRequiredService<IConnectorEndpoint>() : provider.GetRequiredKeyedService<IConnectorEndpoint>(serviceKey),
            provider.GetRequiredService<THandlers>(),
            provider.GetRequiredService<ILogger<ConnectorEndpointService>>()));
        return services;
    }
}
