using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using KernelConnector.Protocol;

namespace KernelConnector;

/// <summary>An endpoint of an <see cref="InMemoryConnector"/>: a <see cref="ConnectorSocket"/> without the kernel.</summary>
public sealed class InMemoryEndpoint : IConnectorEndpoint, IDatagramSender
{
    private readonly InMemoryConnector _connector;
    private readonly Channel<(byte[] Datagram, uint Sender)> _queue;
    private readonly ConcurrentDictionary<uint, byte> _groups = new();
    private readonly EndpointCounters _counters;
    private readonly PendingRequests _pending = new();
    private readonly ReceiveProcessor _processor;
    private readonly CancellationTokenSource _closed = new();
    private int _overrun;
    private int _seq = -1;
    private int _running;
    private int _disposed;

    internal InMemoryEndpoint(InMemoryConnector connector, uint portId, ConnectorSocketOptions options, int capacity)
    {
        _connector = connector;
        PortId = portId;
        _queue = Channel.CreateBounded<(byte[], uint)>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        _counters = new EndpointCounters(portId);
        _processor = new ReceiveProcessor(this, _counters, _pending, options.Spoofing, options.CallbackErrors);
        ConnectorMetrics.Register(_counters);
    }

    /// <inheritdoc />
    public uint PortId { get; }

    /// <inheritdoc />
    public ConnectorStatistics Statistics => _counters.Snapshot();

    /// <inheritdoc />
    public int PendingRequests => _pending.Count;

    /// <inheritdoc />
    public event EventHandler<ConnectorLossEventArgs>? Loss
    {
        add => _processor.Loss += value;
        remove => _processor.Loss -= value;
    }

    /// <inheritdoc />
    public event EventHandler<ConnectorCallbackErrorEventArgs>? CallbackError
    {
        add => _processor.CallbackError += value;
        remove => _processor.CallbackError -= value;
    }

    bool IDatagramSender.IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <inheritdoc />
    public void JoinGroup(uint group)
    {
        CheckGroup(group);
        _groups.TryAdd(group, 0);
    }

    /// <inheritdoc />
    public void LeaveGroup(uint group)
    {
        CheckGroup(group);
        _groups.TryRemove(group, out _);
    }

    internal bool IsMember(uint group) => _groups.ContainsKey(group);

    /// <inheritdoc />
    public uint Send<T>(in T message, ConnectorAddress to, ReadOnlySpan<byte> trailing = default)
        where T : unmanaged, IConnectorMessage<T>
    {
        var seq = unchecked((uint)Interlocked.Increment(ref _seq));
        SendWith(in message, to, trailing, seq, RequestProtocol.NewAck());
        return seq;
    }

    /// <inheritdoc />
    public void Reply<T>(ConnectorAddress to, uint requestSeq, uint requestAck, in T message, ReadOnlySpan<byte> trailing = default)
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
        RequestProtocol.RequestAsync<TRequest, TReply>(this, _pending, unchecked((uint)Interlocked.Increment(ref _seq)), request, to, trailing, options, cancellationToken);

    /// <inheritdoc />
    public async Task RunAsync(IConnectorDispatcher dispatcher, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("This endpoint already has a receive loop; one endpoint has one reader.");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out var item))
                {
                    if (Interlocked.Exchange(ref _overrun, 0) != 0)
                    {
                        _processor.ReportOverrun();
                    }

                    _processor.Process(item.Datagram, item.Sender, dispatcher);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Cancellation and disposal end the loop quietly, as on a socket.
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    void IDatagramSender.SendWith<T>(in T message, ConnectorAddress to, ReadOnlySpan<byte> trailing, uint seq, uint ack) =>
        SendWith(in message, to, trailing, seq, ack);

    private void SendWith<T>(in T message, ConnectorAddress to, ReadOnlySpan<byte> trailing, uint seq, uint ack)
        where T : unmanaged, IConnectorMessage<T>
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (to.Kind == ConnectorAddressKind.Group)
        {
            CheckGroup(to.Value);
        }

        ConnectorDatagram.CheckTrailing<T>(trailing.Length);
        var datagram = new byte[ConnectorDatagram.GetDatagramLength(T.Size + trailing.Length)];
        ConnectorDatagram.Write(datagram, in message, trailing, seq, ack, netlinkPortId: PortId, netlinkSeq: seq);
        _connector.Deliver(datagram, PortId, to);
        Interlocked.Increment(ref _counters.Sent);
    }

    internal void Enqueue(byte[] datagram, uint sender)
    {
        // A full queue loses the message, as a socket's full receive buffer does (ENOBUFS).
        if (!_queue.Writer.TryWrite((datagram, sender)))
        {
            Interlocked.Exchange(ref _overrun, 1);
        }
    }

    private static void CheckGroup(uint group)
    {
        if (group is 0 or > Netlink.MaxGroup)
        {
            throw new ArgumentOutOfRangeException(nameof(group), group, $"Netlink multicast groups are numbered 1 to {Netlink.MaxGroup}; Linux cannot join or send to group {group}.");
        }
    }

    /// <summary>Ends the receive loop, fails requests in flight and leaves the connector.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _connector.Remove(this);
        _closed.Cancel();
        _queue.Writer.TryComplete();
        _pending.FailAll(new ObjectDisposedException(nameof(InMemoryEndpoint)));
        ConnectorMetrics.Unregister(_counters);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
