using System;
using System.Threading;
using System.Threading.Tasks;

namespace KernelConnector.Protocol;

/// <summary>
/// The connector's request/reply protocol, the same for every endpoint: register the pending
/// reply (keyed by a fresh ack) before sending, await it with a time-out and cancellation, and
/// leave nothing pending however it ends.
/// </summary>
internal static class RequestProtocol
{
    public static async Task<ConnectorReply<TReply>> RequestAsync<TRequest, TReply>(
        IDatagramSender sender,
        PendingRequests pending,
        uint seq,
        TRequest request,
        ConnectorAddress to,
        ReadOnlyMemory<byte> trailing,
        ConnectorRequestOptions? options,
        CancellationToken cancellationToken)
        where TRequest : unmanaged, IConnectorMessage<TRequest>
        where TReply : unmanaged, IConnectorMessage<TReply>
    {
        ObjectDisposedException.ThrowIf(sender.IsDisposed, sender);
        options ??= ConnectorRequestOptions.Default;
        var entry = pending.Add<TReply>(seq, options.Match);
        try
        {
            // Registered before sending, so that a reply faster than this method is not missed.
            sender.SendWith(in request, to, trailing.Span, seq, entry.Ack);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Timeout);
            using (timeout.Token.UnsafeRegister(static state => ((PendingRequests.Pending<TReply>)state!).Cancel(default), entry))
            {
                try
                {
                    return await entry.Task.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !sender.IsDisposed)
                {
                    throw new TimeoutException(
                        $"No reply of type {typeof(TReply).Name} ({TReply.Id}) to request {typeof(TRequest).Name} ({TRequest.Id}) " +
                        $"seq {seq}, ack {entry.Ack}, sent to {to}, within {options.Timeout.TotalMilliseconds:0} ms.");
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }
        }
        finally
        {
            pending.Remove(entry);
        }
    }

    /// <summary>A random ack for a message that is no request: never 0xFFFFFFFF, so ack + 1 is never the kernel events' 0.</summary>
    public static uint NewAck() => (uint)Random.Shared.Next(1, int.MaxValue);
}
