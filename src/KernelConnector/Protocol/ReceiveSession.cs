using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using KernelConnector.__Internals;

namespace KernelConnector.Protocol;

/// <summary>
/// What an endpoint adds to the <see cref="DatagramWalk"/>, whatever carries its datagrams: the
/// spoofing guard, replies handed to waiting requests, sequence-gap counting, and callbacks whose
/// exceptions are isolated; with the endpoint's counters and its loss and callback-error events.
/// Used by one receive loop at a time (the endpoint allows one), which is the only writer of the
/// receive counters.
/// </summary>
internal sealed class ReceiveSession
{
    private readonly object _endpoint;
    private readonly EndpointCounters _counters;
    private readonly PendingRequests _pending;
    private readonly bool _stopOnCallbackError;
    private readonly SequenceTracker _sequences = new();
    private readonly object _gapGate = new();

    // > 0 while gaps are counted, <= 0 while not; the magnitude numbers the periods, so that the
    // loop can tell that counting stopped and started again since it last looked (see ObserveSequence).
    private int _gapPeriod;
    private int _trackedPeriod;

    public ReceiveSession(object endpoint, EndpointCounters counters, PendingRequests pending, ConnectorEndpointOptions options)
    {
        _endpoint = endpoint;
        _counters = counters;
        _pending = pending;
        DropsSpoofed = options.Spoofing == SpoofingPolicy.Drop;
        _stopOnCallbackError = options.CallbackErrors == CallbackErrorPolicy.Stop;
        _gapPeriod = options.CountSequenceGaps ? 1 : -1;
    }

    public event EventHandler<ConnectorLossEventArgs>? Loss;

    public event EventHandler<ConnectorCallbackErrorEventArgs>? CallbackError;

    /// <summary>Whether messages with a kernel-owned id from a userspace port are dropped.</summary>
    public bool DropsSpoofed { get; }

    /// <summary>Whether gaps in senders' sequence numbers are counted (and reported as loss).</summary>
    public bool CountSequenceGaps
    {
        get => Volatile.Read(ref _gapPeriod) > 0;
        set
        {
            lock (_gapGate)
            {
                var period = _gapPeriod;
                if (period > 0 != value)
                {
                    Volatile.Write(ref _gapPeriod, value ? 1 - period : -period);
                }
            }
        }
    }

    /// <summary>Walks one received datagram. Throws only when a callback threw and the policy (or a <see cref="CallbackError"/> handler) says stop.</summary>
    public void Receive(ReadOnlySpan<byte> datagram, uint senderPortId, IConnectorDispatcher dispatcher) =>
        DatagramWalk.Walk(datagram, senderPortId, dispatcher, ref _counters.Receive, this);

    /// <summary>The receive queue overflowed (<c>ENOBUFS</c>): an unknown number of messages are gone.</summary>
    public void ReportOverrun()
    {
        _counters.Receive.Overruns++;
        RaiseOverrun();
    }

    /// <summary>A datagram larger than the receive buffer arrived: its tail is gone, so none of it is trusted.</summary>
    public void ReportTruncated()
    {
        _counters.Receive.Datagrams++;
        _counters.Receive.Malformed++;
    }

    /// <summary>Tells the loss handlers of an overrun the walk has counted.</summary>
    internal void RaiseOverrun() => Loss?.Invoke(_endpoint, new ConnectorLossEventArgs(ConnectorLossKind.Overrun, 0));

    /// <summary>Hands <paramref name="message"/> to the request it answers, if any.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // most messages arrive with no request waiting
    internal bool TryCompleteRequest(ReceivedConnectorMessage message) => !_pending.IsEmpty && TryCompleteWaiting(message);

    private bool TryCompleteWaiting(ReceivedConnectorMessage message)
    {
        if (!_pending.TryTake(in message, out var request))
        {
            return false;
        }

        // A keyed counter (the kernel's per-CPU one) numbers replies too; a userspace reply
        // carries its request's seq, not its sender's counter, so only keyed replies are counted.
        if (request.SequenceKeyOffset >= 0)
        {
            ObserveSequence(message, request.SequenceKeyOffset);
        }

        request.Complete(in message);
        return true;
    }

    /// <summary>Dispatches with the callback's exception isolated; <see langword="false"/> when it threw and the loop goes on.</summary>
    internal bool TryDispatch<TDispatcher>(TDispatcher dispatcher, ReceivedConnectorMessage message, out DispatchResult result)
        where TDispatcher : IConnectorDispatcher
    {
        try
        {
            result = dispatcher.Dispatch(in message);
            return true;
        }
        catch (Exception exception)
        {
            var id = message.Id;
            _counters.Receive.CallbackErrors++;
            var args = new ConnectorCallbackErrorEventArgs(id, exception) { Stop = _stopOnCallbackError };
            CallbackError?.Invoke(_endpoint, args);
            if (args.Stop)
            {
                throw new ConnectorCallbackException(id, exception);
            }

            result = default;
            return false;
        }
    }

    /// <summary>
    /// Notes a message's seq in its sender's sequence, counted per value of the payload's
    /// <c>uint</c> at <paramref name="keyOffset"/> (-1: per sender and id). Called where the message
    /// gets its type, which names the key (<see cref="IConnectorMessage{TSelf}.SequenceKeyOffset"/>):
    /// by <see cref="ConnectorDispatch.TryCreate{T}"/>, and for a reply by the request awaiting it.
    /// </summary>
    /// <remarks>
    /// The message comes by value: taking the address of the walk's message (an <c>in</c>
    /// argument to a call that is not inlined) makes the JIT keep it in memory for the whole
    /// walk, zeroed for every message and reloaded at every read, even where this call never runs.
    /// </remarks>
    internal void ObserveSequence(ReceivedConnectorMessage message, int keyOffset)
    {
        var period = Volatile.Read(ref _gapPeriod);
        if (period <= 0)
        {
            return;
        }

        if (period != _trackedPeriod)
        {
            // Counting stopped and resumed: the numbers remembered from before the pause would
            // count every message sent during it as lost.
            _sequences.Clear();
            _trackedPeriod = period;
        }

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
            _counters.Receive.SequenceGaps += missing;
            Loss?.Invoke(_endpoint, new ConnectorLossEventArgs(ConnectorLossKind.SequenceGap, missing, message.SenderPortId, message.Id, key));
        }
    }
}
