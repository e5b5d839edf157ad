using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using KernelConnector.Transport;

namespace KernelConnector.ProcessEvents;

/// <summary>
/// Every fork, exec, id change, ptrace, comm change, core dump and exit on the machine, from the
/// kernel's process-event connector (<c>cn_proc</c>, cb_id {1, 1}, group 1). Subscribing is a
/// request whose acknowledgement is awaited, so a kernel that cannot deliver events is reported
/// at once instead of leaving the listener waiting forever.
/// </summary>
/// <remarks>
/// The kernel delivers process events only to sockets in the initial network namespace, with the
/// pids of the initial pid namespace. Linux 6.6 and later let any user listen; older kernels need
/// <c>CAP_NET_ADMIN</c>. Events are numbered per CPU, so loss is detected per CPU
/// (<see cref="IConnectorEndpoint.Loss"/>). Give it a <see cref="ProcessTable"/>
/// (<see cref="ProcessEventSourceOptions.Processes"/>) to know who each pid is: the source keeps it
/// current and resynchronises it with <c>/proc</c> after a loss.
/// </remarks>
public sealed class ProcessEventSource : IAsyncDisposable
{
    private readonly IConnectorEndpoint _endpoint;
    private readonly bool _ownsEndpoint;
    private readonly ProcessEventHandler _handler;
    private readonly Channel<ProcEvent>? _channel;
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _ackTimeout;
    private Task _loop = Task.CompletedTask;
    private Task _warmUp = Task.CompletedTask;
    private bool _gapsSwitchedOff;

    // Rings the receive loop awake for execs while it sleeps out BatchDelay; null without one.
    private ConnectorSocket? _doorbell;
    private bool _doorbellListening;
    private int _disposed;

    private ProcessEventSource(IConnectorEndpoint endpoint, bool ownsEndpoint, ProcessEventSourceOptions options)
    {
        _endpoint = endpoint;
        _ownsEndpoint = ownsEndpoint;
        _ackTimeout = options.AcknowledgementTimeout;
        if (options.Callback is null && options.ProcessCallback is null)
        {
            // DropWrite accepts the write it drops (TryWrite returns true): only the callback
            // tells a dropped event, and it is what DroppedByReader counts.
            _channel = Channel.CreateBounded<ProcEvent>(
                new BoundedChannelOptions(options.ChannelCapacity)
                {
                    SingleWriter = true,
                    FullMode = BoundedChannelFullMode.DropWrite,
                },
                _ => _handler!.CountChannelDrop());
        }

        Processes = options.Processes;
        _handler = new ProcessEventHandler(options.Callback, _channel?.Writer, options.Processes, options.ResyncInterval, options.ProcessCallback) { Kinds = options.Events };
    }

    /// <summary>The process table this source keeps current (<see cref="ProcessEventSourceOptions.Processes"/>), if any.</summary>
    public ProcessTable? Processes { get; }

    /// <summary>The endpoint events arrive on: its statistics, loss and callback-error events.</summary>
    public IConnectorEndpoint Endpoint => _endpoint;

    /// <summary>Where the event filter is applied.</summary>
    public ProcessEventFilterMode FilterMode { get; private set; }

    /// <summary>The receive loop; it ends when the source is disposed, or with the exception that ended it.</summary>
    public Task Completion => _loop;

    /// <summary>
    /// The warm-up (<see cref="ProcessEventSourceOptions.WarmUp"/>): ends once the runtime has
    /// compiled the event path, at once when there is none (NativeAOT, or turned off). Faults with
    /// a <see cref="ConnectorCallbackException"/> when <see cref="ProcessEventSourceOptions.WarmUpCallback"/>
    /// threw; the source goes on either way.
    /// </summary>
    public Task WarmUpCompletion => _warmUp;

    /// <summary>Events dropped here because their kind was not asked for (the kernel could not filter them).</summary>
    public long FilteredOut => _handler.Filtered;

    /// <summary>Copied events dropped because the reader of <see cref="ReadAllAsync"/> fell behind.</summary>
    public long DroppedByReader => _handler.ChannelDropped;

    /// <summary>
    /// Whether the receive thread runs with <see cref="ProcessEventSourceOptions.PriorityBoost"/>:
    /// null until the first event (the thread asks when it first runs an event) or when no boost
    /// was asked; false when the kernel refused it.
    /// </summary>
    public bool? PriorityBoosted => _handler.PriorityBoosted;

    /// <summary>
    /// How long events other than execs may wait before delivery
    /// (<see cref="ProcessEventSourceOptions.BatchDelay"/>): zero when none was asked, or when the
    /// kernel cannot ring for execs alone and execs are delivered.
    /// </summary>
    /// <remarks>
    /// Zero too on an endpoint the caller passed in, and once the socket's loop has fallen back to
    /// one datagram per call (<c>recvmmsg</c> refused), which never sleeps.
    /// </remarks>
    public TimeSpan BatchDelay => _endpoint is ConnectorSocket { ReceivesOneAtATime: true } ? TimeSpan.Zero : _batchDelay;

    private TimeSpan _batchDelay;

    /// <summary>
    /// Opens a connector socket, joins the process-event group and subscribes.
    /// </summary>
    /// <exception cref="ArgumentException">An option cannot work (the message names it and says what it takes); nothing was opened.</exception>
    /// <exception cref="ConnectorUnavailableException">The connector cannot be opened here.</exception>
    /// <exception cref="ProcessEventsException">The kernel refused or never acknowledged the subscription.</exception>
    public static async Task<ProcessEventSource> StartAsync(ProcessEventSourceOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ProcessEventSourceOptions();
        ProcessEventSourceOptionsValidation.ThrowIfInvalid(options);

        // Without anyone needing execs at once, a plain nap after each short batch does it.
        var plainNap = !NeedsExecsAtOnce(options) ? options.BatchDelay : TimeSpan.Zero;
        var socket = ConnectorSocket.Open(new ConnectorEndpointOptions { ReceiveBufferSize = options.ReceiveBufferSize, ReceiveBatchDelay = plainNap });
        try
        {
            return await StartAsync(socket, ownsEndpoint: true, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await socket.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Subscribes on an endpoint the caller owns: a <see cref="ConnectorSocket"/> opened with options
    /// of the caller's choosing, or an in-memory endpoint whose kernel side plays <c>cn_proc</c>.
    /// </summary>
    /// <typeparam name="TEndpoint">The endpoint's type, inferred from the argument.</typeparam>
    /// <remarks>
    /// Generic so that <c>StartAsync(new() { ... })</c> means the options overload in every C#
    /// version: a target-typed <c>new()</c> converts to any type, so against an
    /// <see cref="IConnectorEndpoint"/> parameter the call was ambiguous (CS0121), while no type
    /// argument can be inferred from it. <c>[OverloadResolutionPriority]</c> would settle it only
    /// from C# 13, not for a net8.0 project on its default C# 12.
    /// </remarks>
    /// <exception cref="ArgumentException">An option cannot work (the message names it and says what it takes); nothing was subscribed.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "The rule guards against ambiguous calls; this overload replaces one that was ambiguous with the other, and cannot be (a test compiles the calls).")]
    public static Task<ProcessEventSource> StartAsync<TEndpoint>(TEndpoint endpoint, ProcessEventSourceOptions? options = null, CancellationToken cancellationToken = default)
        where TEndpoint : IConnectorEndpoint
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        options ??= new ProcessEventSourceOptions();
        ProcessEventSourceOptionsValidation.ThrowIfInvalid(options);
        return StartAsync(endpoint, ownsEndpoint: false, options, cancellationToken);
    }

    private static async Task<ProcessEventSource> StartAsync(IConnectorEndpoint endpoint, bool ownsEndpoint, ProcessEventSourceOptions options, CancellationToken cancellationToken)
    {
        if (endpoint is Transport.ConnectorSocket && InitialNamespaces.Outside() is { } kind)
        {
            // Told at once: the kernel would say nothing, and the acknowledgement's time-out
            // comes only after events subscribed by someone else may have been delivered.
            throw new ProcessEventsException(
                $"This process runs in another {kind} namespace than the host's initial one, and the kernel delivers process events " +
                "only to the initial pid and user namespaces (it ignores a subscription from any other): run it on the host, or in a " +
                "container that shares the host's pid namespace (docker run --pid=host).");
        }

        if (options.Processes is { } table && !table.TryAttach())
        {
            throw new InvalidOperationException(
                "This ProcessTable is already kept current by another ProcessEventSource. A table follows one stream of events " +
                "(two sources would apply every event twice, each with its own losses): give each source its own table, or dispose the other source first.");
        }

        try
        {
            return await StartAttachedAsync(endpoint, ownsEndpoint, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            options.Processes?.Detach();
            throw;
        }
    }

    private static async Task<ProcessEventSource> StartAttachedAsync(IConnectorEndpoint endpoint, bool ownsEndpoint, ProcessEventSourceOptions options, CancellationToken cancellationToken)
    {
        var source = new ProcessEventSource(endpoint, ownsEndpoint, options);
        // Only on the socket the source opened itself, whose receive loop has a thread of its own:
        // a caller's endpoint may run its loop on a thread the source must not change.
        source._handler.RequestPromptWakeUp = ownsEndpoint && options.PromptWakeUp;
        source._handler.RequestPriorityBoost = ownsEndpoint ? options.PriorityBoost : 0;

        // Seeded before events flow, so that the first events find their processes; what changed
        // between the scan and the subscription is reconciled right after it.
        source.Processes?.Seed();
        var warmUp = source.PrimeWarmUp(options);
        endpoint.Loss += source.OnLoss;
        try
        {
            // The doorbell joins first: the kernel hands a multicast to the most recently joined
            // socket first, so the main socket normally holds an exec before the doorbell rings
            // for it (and the doorbell's read-ahead covers the other case).
            source.OpenDoorbell(endpoint, ownsEndpoint, options);
            endpoint.JoinGroup(ProcEvent.Group);
        }
        catch
        {
            await source.CloseDoorbellAsync().ConfigureAwait(false);
            throw;
        }

        source._loop = endpoint.RunAsync(source._handler, source._stop.Token);
        try
        {
            source.FilterMode = await source.SubscribeAsync(options.Events, cancellationToken).ConfigureAwait(false);
            source.RingForExecs();
            source.Processes?.Reconcile();
            if (warmUp is not null)
            {
                source._warmUp = warmUp.RunAsync(source._stop.Token);
            }

            return source;
        }
        catch
        {
            await source.StopLoopAsync().ConfigureAwait(false);
            await source.CloseDoorbellAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The events, copied, for <c>await foreach</c>. Available when no
    /// <see cref="ProcessEventSourceOptions.Callback"/> was given; ends when the source is disposed.
    /// </summary>
    public async IAsyncEnumerable<ProcEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_channel is null)
        {
            throw new InvalidOperationException("This source hands events to its callback; ReadAllAsync needs a source started without one.");
        }

        while (await _channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_channel.Reader.TryRead(out var ev))
            {
                yield return ev;
            }
        }
    }

    /// <summary>
    /// Whether execs come at all: then the table must read each one's program at once, and a user
    /// who asked for them may want to. (With the kernel filtering execs out, a doorbell would read
    /// /proc for execs nobody receives.)
    /// </summary>
    private static bool NeedsExecsAtOnce(ProcessEventSourceOptions options) => (options.Events & ProcEventKind.Exec) != 0;

    /// <summary>
    /// Applies <see cref="ProcessEventSourceOptions.BatchDelay"/> to a socket the source owns: a
    /// doorbell socket for execs when they matter and the kernel can ring for them alone, a plain
    /// nap (set when the socket was opened) when they do not matter.
    /// </summary>
    private void OpenDoorbell(IConnectorEndpoint endpoint, bool ownsEndpoint, ProcessEventSourceOptions options)
    {
        if (!ownsEndpoint || options.BatchDelay <= TimeSpan.Zero)
        {
            return;
        }

        if (!NeedsExecsAtOnce(options))
        {
            _batchDelay = options.BatchDelay;
        }
        else if (IsKernelFilterSupported && endpoint is ConnectorSocket socket)
        {
            _doorbell = ConnectorSocket.Open(new ConnectorEndpointOptions());
            _doorbell.JoinGroup(ProcEvent.Group);
            socket.AttachDoorbell(_doorbell, options.BatchDelay);
            _batchDelay = options.BatchDelay;
        }
    }

    /// <summary>Subscribes the doorbell to execs alone (no acknowledgement comes: the kernel filters it out too).</summary>
    private void RingForExecs()
    {
        if (_doorbell is null)
        {
            return;
        }

        _doorbell.Send(new ProcInput { Op = ProcCnMcastOp.Listen, EventType = ProcEventKind.Exec }, ConnectorAddress.Kernel);
        _doorbellListening = true;
    }

    /// <summary>Unsubscribes the doorbell, which the kernel counts as a listener of its own.</summary>
    private void UnsubscribeDoorbell()
    {
        if (_doorbell is null || !_doorbellListening)
        {
            return;
        }

        _doorbellListening = false;
        Unsubscribe(_doorbell);
    }

    /// <summary>
    /// Tells the kernel an endpoint stops listening (<c>PROC_CN_MCAST_IGNORE</c>, best effort): it
    /// counts listeners, and telling it keeps its count right. Its answer is filtered out by the
    /// listener's own state (it is now ignoring), so there is nothing to wait for.
    /// </summary>
    private static void Unsubscribe(IConnectorEndpoint endpoint)
    {
        try
        {
            endpoint.Send(new ProcMulticastRequest { Op = ProcCnMcastOp.Ignore }, ConnectorAddress.Kernel);
        }
        catch (Exception e) when (e is ConnectorUnavailableException or ObjectDisposedException)
        {
            // The endpoint is already going; nothing left to tell the kernel.
        }
    }

    /// <summary>Unsubscribes and closes the doorbell, once the loop that waited on it has stopped.</summary>
    private async ValueTask CloseDoorbellAsync()
    {
        if (_doorbell is null)
        {
            return;
        }

        UnsubscribeDoorbell();
        await _doorbell.DisposeAsync().ConfigureAwait(false);
        _doorbell = null;
    }

    private void OnLoss(object? sender, ConnectorLossEventArgs e) => _handler.OnLoss(e.Kind, e.Count);

    private async Task<ProcessEventFilterMode> SubscribeAsync(ProcEventKind events, CancellationToken cancellationToken)
    {
        // The plain request is acknowledged by every kernel with process events, so it tells
        // "no process events here" from "listening" and reports the kernel's error code.
        var reply = await TryRequestAsync(new ProcMulticastRequest { Op = ProcCnMcastOp.Listen }, cancellationToken).ConfigureAwait(false);
        for (var retry = 0; reply is null && retry < 3 && _endpoint.Statistics.Overruns > 0; retry++)
        {
            // The queue overflowed while we waited (a small buffer on a busy machine): the
            // acknowledgement may be what the kernel dropped. Listening twice is harmless.
            reply = await TryRequestAsync(new ProcMulticastRequest { Op = ProcCnMcastOp.Listen }, cancellationToken).ConfigureAwait(false);
        }

        _ = reply ?? throw new ProcessEventsException(
                $"The kernel did not acknowledge the process-event subscription within {_ackTimeout.TotalMilliseconds:0} ms. " +
                "Process events need a kernel built with CONFIG_PROC_EVENTS, and are delivered only to sockets in the initial " +
                "network and pid namespaces (not inside a container with its own network namespace).");
        ThrowIfRefused(reply.Value, "listen");
        if (events == ProcEventKind.All)
        {
            return ProcessEventFilterMode.None;
        }

        if (!IsKernelFilterSupported)
        {
            return ProcessEventFilterMode.Userspace;
        }

        // Linux 6.6+ applies the filter to its acknowledgement too (an ack is "no kind of event"),
        // so none comes for a filtered listen: it is sent, not awaited. Userspace filtering stays
        // on as a safety net, and the events the kernel now withholds leave gaps in its per-CPU
        // numbering that are no loss, so gap counting stops (on the whole endpoint: this source
        // runs its receive loop, so every message it receives is a process event).
        _gapsSwitchedOff = _endpoint.CountSequenceGaps;
        _endpoint.CountSequenceGaps = false;
        _endpoint.Send(new ProcInput { Op = ProcCnMcastOp.Listen, EventType = events }, ConnectorAddress.Kernel);
        return ProcessEventFilterMode.Kernel;
    }

    /// <summary>Whether the running kernel filters process events per listener (Linux 6.6 and later).</summary>
    public static bool IsKernelFilterSupported => OperatingSystem.IsLinux() && Environment.OSVersion.Version >= new Version(6, 6);

    private async Task<ProcEvent?> TryRequestAsync<TRequest>(TRequest request, CancellationToken cancellationToken)
        where TRequest : unmanaged, IConnectorMessage<TRequest>
    {
        // cn_proc answers with ack + 1 but overwrites seq with its per-CPU counter.
        var options = new ConnectorRequestOptions { Timeout = _ackTimeout, Match = ReplyMatch.AckOnly };
        try
        {
            var reply = await _endpoint.RequestAsync<TRequest, ProcEvent>(request, ConnectorAddress.Kernel, default, options, cancellationToken).ConfigureAwait(false);
            return reply.Value;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private static void ThrowIfRefused(ProcEvent ack, string operation)
    {
        if (ack.What != ProcEventKind.None)
        {
            throw new ProcessEventsException($"The kernel answered the {operation} request with a {ack.What} event instead of an acknowledgement.");
        }

        var err = (int)ack.Ack.Err;
        if (err == 0)
        {
            return;
        }

        var advice = err switch
        {
            Errno.EPERM => "this kernel lets only privileged processes listen: run as root or grant CAP_NET_ADMIN",
            Errno.EINVAL => "the kernel did not understand the request",
            _ => "see errno " + err,
        };
        throw new ProcessEventsException($"The kernel refused the process-event {operation} request with error {err}: {advice}.", err);
    }

    private async Task StopLoopAsync()
    {
        _stop.Cancel();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is what was asked for.
        }
        catch (Exception) when (_loop.IsFaulted)
        {
            // The loop died before the stop; Completion tells its failure. Disposing goes on, so
            // that the socket is closed and the kernel's listener count put right.
        }

        _channel?.Writer.TryComplete();
    }

    /// <summary>
    /// On the JIT, one lifecycle of the event path now, before the subscription: the first events
    /// then find tier-0 code instead of waiting for it (the first exec's command line would be
    /// gone). Without <see cref="ProcessEventSourceOptions.WarmUp"/> too, but then without the
    /// caller's warm-up callback. Returns the warm-up whose rounds are to run after the
    /// subscription; null when there are none, or when the prime failed (then
    /// <see cref="WarmUpCompletion"/> tells why: the caller's callback, as a
    /// <see cref="ConnectorCallbackException"/>; the source goes on).
    /// </summary>
    private ProcessEventWarmUp? PrimeWarmUp(ProcessEventSourceOptions options)
    {
        if (!ProcessEventWarmUp.IsUseful || (!options.WarmUp && options.Processes is null))
        {
            return null;
        }

        var warmUp = new ProcessEventWarmUp(options.Processes?.Options, options.Events, options.WarmUp ? options.WarmUpCallback : null);
        try
        {
            warmUp.Prime();
        }
        catch (Exception e)
        {
            _warmUp = Task.FromException(e);
            return null;
        }

        return options.WarmUp ? warmUp : null;
    }

    /// <summary>Waits for the warm-up, which the stop ends within a lifecycle: its callback is never called after disposal.</summary>
    private async Task StopWarmUpAsync()
    {
        try
        {
            await _warmUp.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // WarmUpCompletion tells it; disposing goes on, so that the socket is closed and the
            // kernel's listener count put right.
        }
    }

    /// <summary>Unsubscribes (<c>PROC_CN_MCAST_IGNORE</c>, best effort), stops the loop, and closes an owned socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_loop.IsCompleted)
        {
            // The doorbell first: on kernels that reset the listener count when a multicast
            // reaches nobody (6.6.y before 6.6.18, 6.7), the main socket's acknowledgement would
            // otherwise reach nobody and zero the count, and the doorbell's own ignore drive it
            // below zero for every listener of the machine.
            UnsubscribeDoorbell();
            Unsubscribe(_endpoint);
        }

        await StopLoopAsync().ConfigureAwait(false);
        await StopWarmUpAsync().ConfigureAwait(false);
        await CloseDoorbellAsync().ConfigureAwait(false);
        _endpoint.Loss -= OnLoss;
        Processes?.Detach();
        if (_gapsSwitchedOff && !_ownsEndpoint)
        {
            // The caller's endpoint counts gaps again, as it did before this source.
            _endpoint.CountSequenceGaps = true;
        }

        if (_ownsEndpoint)
        {
            await _endpoint.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
