using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KernelConnector;

/// <summary>
/// The pieces of dispatch shared by <see cref="ConnectorRouter"/> and the handler classes the
/// generator completes: turning a received message into a typed one, and walking a datagram.
/// </summary>
public static class ConnectorDispatch
{
    /// <summary>
    /// Validates <paramref name="received"/>'s payload as a <typeparamref name="T"/> and, when it is
    /// valid, gives the typed message, read in place in the receive buffer (no copy).
    /// </summary>
    /// <returns><see langword="false"/> when the payload is not a valid <typeparamref name="T"/> (too short, too long, or a field value its type does not allow).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // in a generated switch, so the message stays in registers
    public static bool TryCreate<T>(in ReceivedConnectorMessage received, out ConnectorMessage<T> message)
        where T : unmanaged, IConnectorMessage<T>
    {
        var payload = received.Payload;
        if (T.Validate(payload) != ConnectorReadStatus.Ok)
        {
            message = default;
            return false;
        }

        message = received.AsTyped<T>(payload);
        return true;
    }

    /// <summary>The <see cref="IConnectorMessage{TSelf}.SequenceKeyOffset"/> of a message type, however the type implements it.</summary>
    public static int SequenceKeyOffsetOf<T>()
        where T : unmanaged, IConnectorMessage<T> => T.SequenceKeyOffset;

    /// <summary>
    /// Dispatches every connector message of <paramref name="datagram"/> to <paramref name="dispatcher"/>
    /// and counts what became of each; malformed items are counted, never thrown.
    /// </summary>
    public static DatagramDispatchSummary DispatchDatagram<TDispatcher>(TDispatcher dispatcher, ReadOnlySpan<byte> datagram, uint senderPortId)
        where TDispatcher : IConnectorDispatcher
    {
        var reader = new ConnectorDatagramReader(datagram, senderPortId);
        int dispatched = 0, unrouted = 0, invalid = 0, malformed = 0;
        while (reader.Read(out var message, out var status))
        {
            if (status != DatagramStatus.Message)
            {
                if (IsMalformed(status))
                {
                    malformed++;
                }

                continue;
            }

            switch (dispatcher.Dispatch(in message))
            {
                case DispatchResult.Dispatched:
                    dispatched++;
                    break;
                case DispatchResult.Unrouted:
                    unrouted++;
                    break;
                default:
                    invalid++;
                    break;
            }
        }

        return new DatagramDispatchSummary(dispatched, unrouted, invalid, malformed);
    }

    /// <summary>Whether a status means the bytes were wrong (as opposed to a netlink control message).</summary>
    public static bool IsMalformed(DatagramStatus status) => status is
        DatagramStatus.ShortNetlinkHeader or
        DatagramStatus.NetlinkLengthTooSmall or
        DatagramStatus.NetlinkLengthPastEnd or
        DatagramStatus.ShortConnectorHeader or
        DatagramStatus.ConnectorLengthPastMessage;
}

/// <summary>What became of the connector messages of one datagram.</summary>
/// <param name="Dispatched">Handed to a callback.</param>
/// <param name="Unrouted">No callback for their id.</param>
/// <param name="Invalid">Their payload failed validation.</param>
/// <param name="Malformed">Headers that did not match the bytes.</param>
public readonly record struct DatagramDispatchSummary(int Dispatched, int Unrouted, int Invalid, int Malformed);
