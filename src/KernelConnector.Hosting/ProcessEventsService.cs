using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.ProcessEvents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelConnector.Hosting;

/// <summary>
/// Runs the process-event receive loop for the host: subscribes when the host starts (a refusal
/// fails the start, with the kernel's reason), keeps the <see cref="ProcessTable"/> current, hands
/// every event to the registered observers, and unsubscribes when the host stops.
/// </summary>
internal sealed class ProcessEventsService : IHostedService, IAsyncDisposable
{
    private readonly ProcessTable _table;
    private readonly IOptions<ProcessEventsOptions> _options;
    private readonly IEnumerable<IProcessEventObserver> _observers;
    private readonly ProcessEventsMetrics _metrics;
    private readonly ILogger<ProcessEventsService> _logger;
    private readonly IHostApplicationLifetime _lifetime;
    private IProcessEventObserver[] _observerArray = [];
    private ProcessEventSource? _source;
    private long _events;
    private long _lost;
    private long _observerFailures;
    private long _lastLossTimestamp;

    public ProcessEventsService(ProcessTable table, IOptions<ProcessEventsOptions> options, IEnumerable<IProcessEventObserver> observers, ProcessEventsMetrics metrics, ILogger<ProcessEventsService> logger, IHostApplicationLifetime lifetime)
    {
        _lifetime = lifetime;
        _table = table;
        _options = options;
        _observers = observers;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Whether the receive loop is running (false before start, after stop, or once it failed).</summary>
    public bool IsRunning => _source is { Completion.IsCompleted: false };

    /// <summary>The failure that ended the receive loop, if any.</summary>
    public Exception? Failure => _source?.Completion.Exception?.InnerException;

    /// <summary>The source's warm-up (<see cref="ProcessEventSource.WarmUpCompletion"/>); completed before the start.</summary>
    internal Task WarmUpCompletion => _source?.WarmUpCompletion ?? Task.CompletedTask;

    /// <summary>How long ago the last loss was; null when none happened.</summary>
    public TimeSpan? SinceLastLoss => Interlocked.Read(ref _lastLossTimestamp) is var at and not 0 ? Stopwatch.GetElapsedTime(at) : null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = _options.Value;
        _observerArray = [.. _observers];
        _table.Resynchronized += OnResynchronized;
        _source = await ProcessEventSource.StartAsync(new ProcessEventSourceOptions
        {
            ReceiveBufferSize = options.ReceiveBufferSize,
            AcknowledgementTimeout = options.AcknowledgementTimeout,
            PriorityBoost = options.PriorityBoost,
            BatchDelay = options.BatchDelay,
            WarmUp = options.WarmUp,
            Processes = _table,
            ProcessCallback = OnEvent,
        }, cancellationToken).ConfigureAwait(false);
        LoopFailureStop.Watch(_source.Completion, options.StopHostOnFailure, _lifetime, failure => Log.LoopFailed(_logger, failure));
        Log.Started(_logger, _source.Endpoint.PortId, _table.Statistics.Live, _source.FilterMode);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_source is null)
        {
            return;
        }

        await _source.DisposeAsync().ConfigureAwait(false);
        _table.Resynchronized -= OnResynchronized;
        Log.Stopped(_logger, Interlocked.Read(ref _events), Interlocked.Read(ref _lost), _table.Statistics.Resynchronizations, Interlocked.Read(ref _observerFailures));
    }

    public async ValueTask DisposeAsync()
    {
        if (_source is not null)
        {
            await _source.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnEvent(in ProcEvent ev, ProcessRecord? process)
    {
        Interlocked.Increment(ref _events);
        _metrics.Event(ev.What);
        foreach (var observer in _observerArray)
        {
            try
            {
                observer.OnEvent(in ev, process);
            }
            catch (Exception e)
            {
                // One broken observer must not stop the others or the loop; logged once, counted always.
                if (Interlocked.Increment(ref _observerFailures) == 1)
                {
                    Log.ObserverFailed(_logger, e);
                }
            }
        }
    }

    private void OnResynchronized(object? sender, ProcessResyncEventArgs e)
    {
        Interlocked.Add(ref _lost, e.Lost);
        Interlocked.Exchange(ref _lastLossTimestamp, Stopwatch.GetTimestamp());
        _metrics.Resynchronized(e.Lost);
        Log.Lost(_logger, e.Cause, e.Lost, e.Added, e.Vanished);
    }
}
