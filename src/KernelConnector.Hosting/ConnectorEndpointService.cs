using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KernelConnector.Hosting;

/// <summary>
/// Runs one endpoint's receive loop for the host, dispatching to a handler class from the
/// container: starts it with the host, ends it when the host stops, logs what happened to it
/// (losses as they happen, callback failures once with a count), stops the host when the loop dies
/// (unless told not to), and tells the health check whether it runs.
/// </summary>
internal sealed class ConnectorEndpointService : IHostedService
{
    private readonly IConnectorEndpoint _endpoint;
    private readonly IConnectorDispatcher _handlers;
    private readonly string _handlersName;
    private readonly ILogger _logger;
    private readonly IHostApplicationLifetime _lifetime;
    private CancellationTokenSource? _stop;

    // Null until started; kept after the stop, so that the health check can still say why it ended.
    private Task? _loop;
    private long _callbackFailures;
    private long _lastLossTimestamp;

    public ConnectorEndpointService(string name, IConnectorEndpoint endpoint, IConnectorDispatcher handlers, ConnectorEndpointHostingOptions options, ILogger<ConnectorEndpointService> logger, IHostApplicationLifetime lifetime)
    {
        Name = name;
        Options = options;
        _endpoint = endpoint;
        _handlers = handlers;
        _handlersName = handlers.GetType().Name;
        _logger = logger;
        _lifetime = lifetime;
    }

    /// <summary>What the health check calls this endpoint: its handler class, and its service key if it has one.</summary>
    public string Name { get; }

    public ConnectorEndpointHostingOptions Options { get; }

    /// <summary>Whether the receive loop is running (false before start, after stop, or once it failed).</summary>
    public bool IsRunning => Volatile.Read(ref _loop) is { IsCompleted: false };

    /// <summary>The failure that ended the receive loop, if any.</summary>
    public Exception? Failure => Volatile.Read(ref _loop)?.Exception?.InnerException;

    /// <summary>How long ago the last loss was; null when none happened.</summary>
    public TimeSpan? SinceLastLoss => Interlocked.Read(ref _lastLossTimestamp) is var at and not 0 ? Stopwatch.GetElapsedTime(at) : null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _endpoint.Loss += OnLoss;
        _endpoint.CallbackError += OnCallbackError;
        _stop = new CancellationTokenSource();
        var loop = _endpoint.RunAsync(_handlers, _stop.Token);
        Volatile.Write(ref _loop, loop);
        LoopFailureStop.Watch(loop, Options.StopHostOnFailure, _lifetime, failure => EndpointLog.LoopFailed(_logger, _handlersName, failure));
        EndpointLog.Started(_logger, _endpoint.PortId, _handlersName);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stop is null)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            // A loop that failed was logged (and stopped the host, if asked) when it failed; stopping goes on.
            await _loop!.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
        }

        _endpoint.Loss -= OnLoss;
        _endpoint.CallbackError -= OnCallbackError;
        _stop.Dispose();
        _stop = null;
        var statistics = _endpoint.Statistics;
        EndpointLog.Stopped(_logger, _endpoint.PortId, statistics.Dispatched, statistics.Unrouted, statistics.Invalid, Interlocked.Read(ref _callbackFailures));
    }

    private void OnLoss(object? sender, ConnectorLossEventArgs e)
    {
        Interlocked.Exchange(ref _lastLossTimestamp, Stopwatch.GetTimestamp());
        EndpointLog.Lost(_logger, _endpoint.PortId, e.Kind, e.Count, e.SenderPortId, e.Id);
    }

    private void OnCallbackError(object? sender, ConnectorCallbackErrorEventArgs e)
    {
        if (Interlocked.Increment(ref _callbackFailures) == 1)
        {
            EndpointLog.CallbackFailed(_logger, e.Id, _handlersName, e.Exception);
        }
    }
}
