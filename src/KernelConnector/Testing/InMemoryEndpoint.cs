using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using KernelConnector.Protocol;
using KernelConnector.Transport;
using KernelConnector.Wire;

namespace KernelConnector.Testing;

/// <summary>An endpoint of an <see cref="InMemoryConnector"/>: a <see cref="ConnectorSocket"/> without the kernel.</summary>
public sealed class InMemoryEndpoint : ConnectorEndpoint
{
    private readonly InMemoryConnector _connector;
    private readonly Channel<(byte[] Datagram, uint Sender)> _queue;
    private readonly ConcurrentDictionary<uint, byte> _groups = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly TimeSpan _sendTimeout;
    private int _overrun;

    internal InMemoryEndpoint(InMemoryConnector connector, uint portId, ConnectorEndpointOptions options, int capacity)
        : base(portId, options)
    {
        _connector = connector;
        _sendTimeout = options.SendTimeout;
        _queue = Channel.CreateBounded<(byte[], uint)>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    }

    /// <inheritdoc />
    public override void JoinGroup(uint group)
    {
        CheckGroup(group);
        _groups.TryAdd(group, 0);
    }

    /// <inheritdoc />
    public override void LeaveGroup(uint group)
    {
        CheckGroup(group);
        _groups.TryRemove(group, out _);
    }

    internal bool IsMember(uint group) => _groups.ContainsKey(group);

    private protected override async Task ReceiveAsync(IConnectorDispatcher dispatcher, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out var item))
                {
                    if (Interlocked.Exchange(ref _overrun, 0) != 0)
                    {
                        Session.ReportOverrun();
                    }

                    Session.Receive(item.Datagram, item.Sender, dispatcher);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Cancellation and disposal end the loop quietly, as on a socket.
        }
    }

    private protected override void SendWith<T>(in T message, ConnectorAddress to, ReadOnlySpan<byte> trailing, uint seq, uint ack)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (to.Kind == ConnectorAddressKind.Group)
        {
            CheckGroup(to.Value);
        }

        ConnectorDatagram.CheckTrailing<T>(trailing.Length);
        var datagram = new byte[ConnectorDatagram.GetDatagramLength(T.Size + trailing.Length)];
        ConnectorDatagram.Write(datagram, in message, trailing, seq, ack, netlinkPortId: PortId, netlinkSeq: seq);
        _connector.Deliver(datagram, PortId, to, _sendTimeout);
        Interlocked.Increment(ref Counters.Sent);
    }

    /// <summary>Queues a multicast, or a message from the kernel: a full queue loses it, as a socket's full receive buffer does (<c>ENOBUFS</c>).</summary>
    internal void Enqueue(byte[] datagram, uint sender)
    {
        if (!_queue.Writer.TryWrite((datagram, sender)))
        {
            Interlocked.Exchange(ref _overrun, 1);
        }
    }

    /// <summary>
    /// Queues a unicast from another endpoint: as the kernel blocks such a sender, a full queue
    /// makes it wait for room, up to its <paramref name="timeout"/> (none when zero or infinite, as
    /// a socket without <c>SO_SNDTIMEO</c>), and then fail as a socket's send does.
    /// </summary>
    internal void EnqueueWaiting(byte[] datagram, uint sender, ConnectorAddress to, TimeSpan timeout)
    {
        if (_queue.Writer.TryWrite((datagram, sender)))
        {
            return;
        }

        var limited = timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan;
        using var expiry = limited ? new CancellationTokenSource(timeout) : null;
        try
        {
            // Send is synchronous, as on a socket: the sender's thread waits.
            _queue.Writer.WriteAsync((datagram, sender), expiry?.Token ?? CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (expiry is { IsCancellationRequested: true })
        {
            throw SendTimedOut(to, timeout);
        }
        catch (ChannelClosedException)
        {
            // Closed while the sender waited: a socket's sender gets ECONNREFUSED then.
            throw InMemoryConnector.NoEndpoint(to);
        }
    }

    private protected override void Close()
    {
        _connector.Remove(this);
        _closed.Cancel();
        _queue.Writer.TryComplete();
    }
}
