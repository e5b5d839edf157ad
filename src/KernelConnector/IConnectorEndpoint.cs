using System;
using System.Threading;
using System.Threading.Tasks;

namespace KernelConnector;

/// <summary>
/// What user code needs of a connector endpoint, so that it is written once and runs against the
/// kernel (<c>ConnectorSocket</c>) or in memory (an <c>InMemoryConnector</c>'s <c>InMemoryEndpoint</c>) alike.
/// </summary>
public interface IConnectorEndpoint : IAsyncDisposable, IDisposable
{
    /// <summary>This endpoint's own netlink port id (assigned by the kernel, never 0); a received message's sender is its <c>SenderPortId</c>.</summary>
    uint PortId { get; }

    /// <summary>Starts receiving messages multicast to <paramref name="group"/> (1 to 32).</summary>
    void JoinGroup(uint group);

    /// <summary>Stops receiving messages multicast to <paramref name="group"/>.</summary>
    void LeaveGroup(uint group);

    /// <summary>
    /// Sends one message with the next sequence number and a random ack; returns the sequence number.
    /// Safe to call from several threads at once.
    /// </summary>
    uint Send<T>(in T message, ConnectorAddress to, ReadOnlySpan<byte> trailing = default)
        where T : unmanaged, IConnectorMessage<T>;

    /// <summary>
    /// Answers a request under the connector protocol: sends <paramref name="message"/> to
    /// <paramref name="to"/> with the request's sequence number and its ack + 1, so that the
    /// requester's <see cref="RequestAsync"/> recognises it as the reply. The parameters come in
    /// the order of <see cref="Send"/> (message, destination, then the header fields, trailing
    /// bytes last), as on every method that sends.
    /// </summary>
    void Reply<T>(in T message, ConnectorAddress to, uint requestSeq, uint requestAck, ReadOnlySpan<byte> trailing = default)
        where T : unmanaged, IConnectorMessage<T>;

    /// <summary>
    /// Sends <paramref name="request"/> and awaits its reply (see <see cref="ConnectorRequestOptions"/>).
    /// Replies are recognised only while <see cref="RunAsync"/> is receiving.
    /// </summary>
    Task<ConnectorReply<TReply>> RequestAsync<TRequest, TReply>(
        TRequest request,
        ConnectorAddress to,
        ReadOnlyMemory<byte> trailing = default,
        ConnectorRequestOptions? options = null,
        CancellationToken cancellationToken = default)
        where TRequest : unmanaged, IConnectorMessage<TRequest>
        where TReply : unmanaged, IConnectorMessage<TReply>;

    /// <summary>
    /// The receive loop: dispatches every message of every datagram to <paramref name="dispatcher"/>
    /// until cancelled or disposed. Ends without an exception on cancellation or disposal.
    /// </summary>
    Task RunAsync(IConnectorDispatcher dispatcher, CancellationToken cancellationToken = default);

    /// <summary>What has been received, dispatched and lost so far.</summary>
    ConnectorStatistics Statistics { get; }

    /// <summary>Requests still waiting for their reply.</summary>
    int PendingRequests { get; }

    /// <summary>
    /// Whether gaps in senders' sequence numbers are counted (<see cref="ConnectorStatistics.SequenceGaps"/>)
    /// and reported (<see cref="Loss"/>): set at open by <see cref="ConnectorEndpointOptions.CountSequenceGaps"/>,
    /// and switched off where gaps are no loss, e.g. behind a kernel filter that withholds numbered
    /// messages. Switched on again, counting starts afresh.
    /// </summary>
    bool CountSequenceGaps { get; set; }

    /// <summary>Raised, on the receive loop, when messages were or may have been lost.</summary>
    event EventHandler<ConnectorLossEventArgs>? Loss;

    /// <summary>Raised, on the receive loop, when a callback throws.</summary>
    event EventHandler<ConnectorCallbackErrorEventArgs>? CallbackError;
}
