using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KernelConnector.Hosting;

/// <summary>
/// Runs one endpoint's receive loop for the host, dispatching to a handler class from the
/// container: starts it with the host, ends it when the host stops, and logs what happened to it
/// (losses as they happen, callback failures once with a count).
/// </summary>
internal sealed class ConnectorEndpointService : IHostedService
{
    private readonly IConnectorEndpoint _endpoint;
    private readonly IConnectorDispatcher _handlers;
    private readonly string _handlersName;
    private readonly ILogger _logger;
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;
    private long _callbackFailures;

    public ConnectorEndpointService(IConnectorEndpoint endpoint, IConnectorDispatcher handlers, ILogger<ConnectorEndpointService> logger)
    {
        _endpoint = endpoint;
        _handlers = handlers;
        _handlersName = handlers.GetType().Name;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _endpoint.Loss += OnLoss;
        _endpoint.CallbackError += OnCallbackError;
        _stop = new CancellationTokenSource();
        _loop = _endpoint.RunAsync(_handlers, _stop.Token);
        _ = _loop.ContinueWith(
            static (loop, state) => EndpointLog.LoopFailed(((ConnectorEndpointService)state!)._logger, ((ConnectorEndpointService)state!)._handlersName, loop.Exception!.InnerException!),
            this, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
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
            // A loop that failed was logged when it failed; stopping goes on.
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
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

    private void OnLoss(object? sender, ConnectorLossEventArgs e) => EndpointLog.Lost(_logger, _endpoint.PortId, e.Kind, e.Count, e.SenderPortId, e.Id);

    private void OnCallbackError(object? sender, ConnectorCallbackErrorEventArgs e)
    {
        if (Interlocked.Increment(ref _callbackFailures) == 1)
        {
            EndpointLog.CallbackFailed(_logger, e.Id, _handlersName, e.Exception);
        }
    }
}
