using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using KernelConnector.Protocol;

namespace KernelConnector.__Internals;

/// <summary>
/// The pieces of dispatch shared by <see cref="ConnectorRouter"/> and the handler classes the
/// generator completes: turning a received message into a typed one, and walking a datagram.
/// </summary>
/// <remarks>Called by generated code only, so hidden from IntelliSense; not for use in user code.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ConnectorDispatch
{
    /// <summary>
    /// Validates <paramref name="received"/>'s payload as a <typeparamref name="T"/> and, when it is
    /// valid, gives the typed message, read in place in the receive buffer (no copy). On an
    /// endpoint's receive loop it also counts the message in its sender's sequence, by the key
    /// <typeparamref name="T"/> names (<see cref="IConnectorMessage{TSelf}.SequenceKeyOffset"/>).
    /// </summary>
    /// <returns><see langword="false"/> when the payload is not a valid <typeparamref name="T"/> (too short, too long, or a field value its type does not allow).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // in a generated switch, so the message stays in registers
    public static bool TryCreate<T>(in ReceivedConnectorMessage received, out ReceivedConnectorMessage<T> message)
        where T : unmanaged, IConnectorMessage<T>
    {
        // Here, not in the walk: this is where the message's type, and with it its sequence key,
        // is known, so the endpoint never has to ask the dispatcher for it. Before validation, as
        // an invalid message still took its number from the sender's counter.
        // By value, like every hand-over of a received message on the dispatch path: see
        // ObserveSequence.
        received.Session?.ObserveSequence(received, T.SequenceKeyOffset);
        var payload = received.Payload;
        if (T.Validate(payload) != ConnectorReadStatus.Ok)
        {
            message = default;
            return false;
        }

        message = received.AsTyped<T>(payload);
        return true;
    }

    /// <summary>
    /// The id of a message that a datagram walk handed to a dispatcher, read without the check
    /// for a default message that <see cref="ReceivedConnectorMessage.Id"/> makes. A walk never
    /// hands out a default message; once this read has touched the message's bytes, the JIT
    /// knows the message is not default and drops the same check from the payload read that
    /// follows, so a generated switch reached from the walk pays for neither.
    /// </summary>
    /// <remarks>A default message has no bytes to read: this throws <see cref="NullReferenceException"/> for one.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CbId ReadIdUnchecked(in ReceivedConnectorMessage message) => message.IdUnchecked;

    /// <summary>
    /// Dispatches every connector message of <paramref name="datagram"/> to <paramref name="dispatcher"/>
    /// and returns what became of them (<see cref="ConnectorStatistics.Datagrams"/> is 1); malformed
    /// items are counted, never thrown, and a callback's exception propagates. No spoofing guard,
    /// request matching or sequence counting: those belong to an endpoint's receive loop.
    /// </summary>
    public static ConnectorStatistics DispatchDatagram<TDispatcher>(TDispatcher dispatcher, ReadOnlySpan<byte> datagram, uint senderPortId)
        where TDispatcher : IConnectorDispatcher
    {
        var counters = default(ReceiveCounters);
        DatagramWalk.Walk(datagram, senderPortId, dispatcher, ref counters, session: null);
        return counters.ToStatistics();
    }
}
