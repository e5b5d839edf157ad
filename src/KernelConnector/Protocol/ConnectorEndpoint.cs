using System;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Wire;

namespace KernelConnector.Protocol;

/// <summary>
/// What every endpoint shares, whatever carries its datagrams: sequence numbering, the request
/// protocol, the receive session (the walk of each datagram), counters and metrics, events and
/// disposal. The kernel socket and the in-memory endpoint add only their medium.
/// </summary>
public abstract class ConnectorEndpoint : IConnectorEndpoint, IDatagramSender
{
    private int _seq = -1;
    private int _running;
    private int _disposed;

    private protected ConnectorEndpoint(uint portId, ConnectorEndpointOptions options)
    {
        PortId = portId;
        Counters = new EndpointCounters(portId);
        Session = new ReceiveSession(this, Counters, Pending, options);
        ConnectorMetrics.Register(Counters);
    }

    /// <inheritdoc />
    public uint PortId { get; }

    /// <inheritdoc />
    public ConnectorStatistics Statistics => Counters.Snapshot();

    /// <inheritdoc />
    public int PendingRequests => Pending.Count;

    /// <inheritdoc />
    public bool CountSequenceGaps
    {
        get => Session.CountSequenceGaps;
        set => Session.CountSequenceGaps = value;
    }

    private protected EndpointCounters Counters { get; }

    private protected PendingRequests Pending { get; } = new();

    /// <summary>Where the medium hands each datagram it receives.</summary>
    private protected ReceiveSession Session { get; }

    private protected bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>The running receive loop, if any.</summary>
    private protected Task Loop { get; private set; } = Task.CompletedTask;

    bool IDatagramSender.IsDisposed => IsDisposed;

    /// <inheritdoc />
    public event EventHandler<ConnectorLossEventArgs>? Loss
    {
        add => Session.Loss += value;
        remove => Session.Loss -= value;
    }

    /// <inheritdoc />
    public event EventHandler<ConnectorCallbackErrorEventArgs>? CallbackError
    {
        add => Session.CallbackError += value;
        remove => Session.CallbackError -= value;
    }

    /// <inheritdoc />
    public abstract void JoinGroup(uint group);

    /// <inheritdoc />
    public abstract void LeaveGroup(uint group);

    /// <inheritdoc />
    public uint Send<T>(in T message, ConnectorAddress to, ReadOnlySpan<byte> trailing = default)
        where T : unmanaged, IConnectorMessage<T>
    {
        var seq = NextSeq();
        SendWith(in message, to, trailing, seq, RequestProtocol.NewAck());
        return seq;
    }

    /// <inheritdoc />
    public void Reply<T>(in T message, ConnectorAddress to, uint requestSeq, uint requestAck, ReadOnlySpan<byte> trailing = default)
        where T : unmanaged, IConnectorMessage<T> =>
        SendWith(in message, to, trailing, requestSeq, unchecked(requestAck + 1));

    /// <inheritdoc />
    public Task<ConnectorReply<TReply>> RequestAsync<TRequest, TReply>(
        TRequest request,
        ConnectorAddress to,
        ReadOnlyMemory<byte> trailing = default,
        ConnectorRequestOptions? options = null,
        CancellationToken cancellationToken = default)
        where TRequest : unmanaged, IConnectorMessage<TRequest>
        where TReply : unmanaged, IConnectorMessage<TReply> =>
        RequestProtocol.RequestAsync<TRequest, TReply>(this, Pending, NextSeq(), request, to, trailing, options, cancellationToken);

    /// <inheritdoc />
    public Task RunAsync(IConnectorDispatcher dispatcher, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("This endpoint already has a receive loop; one endpoint has one reader.");
        }

        var loop = RunLoopAsync(dispatcher, cancellationToken);
        Loop = loop;
        return loop;
    }

    private async Task RunLoopAsync(IConnectorDispatcher dispatcher, CancellationToken cancellationToken)
    {
        try
        {
            await ReceiveAsync(dispatcher, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    void IDatagramSender.SendWith<T>(in T message, ConnectorAddress to, ReadOnlySpan<byte> trailing, uint seq, uint ack) =>
        SendWith(in message, to, trailing, seq, ack);

    /// <summary>Puts one message on the medium with the given seq and ack; refuses oversize payloads before sending.</summary>
    private protected abstract void SendWith<T>(in T message, ConnectorAddress to, ReadOnlySpan<byte> trailing, uint seq, uint ack)
        where T : unmanaged, IConnectorMessage<T>;

    /// <summary>Receives until cancelled or disposed, handing each datagram to <see cref="Session"/>.</summary>
    private protected abstract Task ReceiveAsync(IConnectorDispatcher dispatcher, CancellationToken cancellationToken);

    /// <summary>Stops the medium: wakes and awaits the receive loop, releases what it holds. Called once.</summary>
    private protected abstract void Close();

    private protected static void CheckGroup(uint group)
    {
        if (group is 0 or > Netlink.MaxGroup)
        {
            throw new ArgumentOutOfRangeException(nameof(group), group,
                $"Netlink multicast groups are numbered 1 to {Netlink.MaxGroup}; Linux cannot join or send to group {group}. " +
                "A message type whose idx is larger needs an explicit Group (or UnicastOnly).");
        }
    }

    /// <summary>What a unicast send that waited <paramref name="timeout"/> for room in the receiver's queue throws, on every medium.</summary>
    private protected static TimeoutException SendTimedOut(ConnectorAddress to, TimeSpan timeout) => new(
        $"The receiver at {to} did not make room in its queue within {timeout.TotalMilliseconds:0} ms; the message was not sent. " +
        "It is not reading fast enough (or at all).");

    private uint NextSeq() => unchecked((uint)Interlocked.Increment(ref _seq));

    /// <summary>
    /// An endpoint nobody disposed: its descriptors are closed by their own handles' finalizers;
    /// this takes its counters out of the published metrics, where they would otherwise stay (and,
    /// once the kernel gives its port id to another socket, be reported under that socket's port).
    /// </summary>
    ~ConnectorEndpoint() => ConnectorMetrics.Unregister(Counters);

    /// <summary>Stops the receive loop, fails requests in flight and releases the endpoint (once).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Close();
        Pending.FailAll(new ObjectDisposedException(GetType().Name));
        ConnectorMetrics.Unregister(Counters);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
