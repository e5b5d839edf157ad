using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace KernelConnector.Protocol;

/// <summary>
/// What every endpoint does with a received datagram, whatever carried it (the kernel's socket
/// or memory): walk its messages, drop spoofed ones, complete waiting requests, count sequence
/// gaps, dispatch the rest with callback errors isolated, and keep the counters.
/// </summary>
internal sealed class ReceiveProcessor(
    object endpoint,
    EndpointCounters counters,
    PendingRequests pending,
    SpoofingPolicy spoofing,
    CallbackErrorPolicy callbackErrors)
{
    private readonly SequenceTracker _sequences = new();

    public EndpointCounters Counters => counters;

    public PendingRequests Pending => pending;

    public event EventHandler<ConnectorLossEventArgs>? Loss;

    public event EventHandler<ConnectorCallbackErrorEventArgs>? CallbackError;

    /// <summary>Handles one datagram. Throws only when a callback threw and the policy (or the handler of <see cref="CallbackError"/>) says stop.</summary>
    public void Process(ReadOnlySpan<byte> datagram, uint senderPortId, IConnectorDispatcher dispatcher)
    {
        Interlocked.Increment(ref counters.Datagrams);
        var reader = new ConnectorDatagramReader(datagram, senderPortId);
        while (reader.Read(out var message, out var status))
        {
            if (status != DatagramStatus.Message)
            {
                if (ConnectorDispatch.IsMalformed(status))
                {
                    Interlocked.Increment(ref counters.Malformed);
                }
                else if (status == DatagramStatus.NetlinkOverrun)
                {
                    ReportOverrun();
                }

                continue;
            }

            Interlocked.Increment(ref counters.Received);
            var id = message.Id;
            if (senderPortId != 0 && spoofing == SpoofingPolicy.Drop && id.IsKernelOwned)
            {
                Interlocked.Increment(ref counters.Spoofed);
                continue;
            }

            // A keyed counter (the kernel's per-CPU one) numbers replies too, so they are tracked
            // first; a userspace reply carries its request's seq, not its sender's counter.
            var keyOffset = dispatcher.GetSequenceKeyOffset(id);
            if (keyOffset >= 0)
            {
                TrackSequence(in message, keyOffset.Value);
            }

            if (!pending.IsEmpty && pending.TryComplete(in message))
            {
                Interlocked.Increment(ref counters.Dispatched);
                continue;
            }

            if (keyOffset == -1)
            {
                TrackSequence(in message, -1);
            }

            DispatchResult result;
            try
            {
                result = dispatcher.Dispatch(in message);
            }
            catch (Exception exception)
            {
                Interlocked.Increment(ref counters.CallbackErrors);
                var args = new ConnectorCallbackErrorEventArgs(id, exception) { Stop = callbackErrors == CallbackErrorPolicy.Stop };
                CallbackError?.Invoke(endpoint, args);
                if (args.Stop)
                {
                    throw new ConnectorCallbackException(id, exception);
                }

                continue;
            }

            switch (result)
            {
                case DispatchResult.Dispatched:
                    Interlocked.Increment(ref counters.Dispatched);
                    break;
                case DispatchResult.Unrouted:
                    Interlocked.Increment(ref counters.Unrouted);
                    break;
                default:
                    Interlocked.Increment(ref counters.Invalid);
                    break;
            }
        }
    }

    /// <summary>The socket's queue overflowed (ENOBUFS): an unknown number of messages are gone.</summary>
    public void ReportOverrun()
    {
        Interlocked.Increment(ref counters.Overruns);
        Loss?.Invoke(endpoint, new ConnectorLossEventArgs(ConnectorLossKind.Overrun, 0));
    }

    private void TrackSequence(in ReceivedConnectorMessage message, int keyOffset)
    {
        var payload = message.Payload;
        uint key = 0;
        if (keyOffset >= 0)
        {
            if (keyOffset + sizeof(uint) > payload.Length)
            {
                return;
            }

            // Netlink is host-endian.
            key = MemoryMarshal.Read<uint>(payload[keyOffset..]);
        }

        var missing = _sequences.Observe(message.SenderPortId, message.Id, key, message.Seq);
        if (missing > 0)
        {
            Interlocked.Add(ref counters.SequenceGaps, missing);
            Loss?.Invoke(endpoint, new ConnectorLossEventArgs(ConnectorLossKind.SequenceGap, missing, message.SenderPortId, message.Id, key));
        }
    }
}
