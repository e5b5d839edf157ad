using System;
using System.Runtime.CompilerServices;
using KernelConnector.Wire;

namespace KernelConnector.Protocol;

/// <summary>
/// The one walk of a received datagram, whoever received it: a socket's or an in-memory
/// endpoint's receive loop, the in-memory kernel, a <see cref="ConnectorRouter"/> or a generated
/// handler class given a datagram. It checks every netlink and connector header against the
/// bytes (through <see cref="ConnectorDatagramReader"/>), counts what is malformed and what the
/// kernel reports lost, and dispatches each connector message; on an endpoint its
/// <see cref="ReceiveSession"/> adds the spoofing guard, replies to requests, sequence gaps and
/// callback isolation. Everything is counted here, once, into the counters it is given.
/// </summary>
/// <remarks>
/// Generic over the dispatcher so that a struct wrapping a router or a handler class gets a walk
/// compiled for it, calling its switch directly. It allocates nothing and keeps nothing between
/// datagrams but the counters and the session, so a batch of datagrams is walked by calling it
/// once for each.
/// </remarks>
internal static class DatagramWalk
{
    // Inlined into its two callers (an endpoint's session and a standalone dispatch), so that a
    // standalone walk is compiled without the session's code and with its counters in registers.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Walk<TDispatcher>(ReadOnlySpan<byte> datagram, uint senderPortId, TDispatcher dispatcher, ref ReceiveCounters counters, ReceiveSession? session)
        where TDispatcher : IConnectorDispatcher
    {
        counters.Datagrams++;
        var reader = new ConnectorDatagramReader(datagram, senderPortId, session);
        while (reader.Read(out var message, out var status))
        {
            if (status != DatagramStatus.Message)
            {
                if (IsMalformed(status))
                {
                    counters.Malformed++;
                }
                else if (status == DatagramStatus.NetlinkOverrun)
                {
                    counters.Overruns++;
                    session?.RaiseOverrun();
                }

                continue;
            }

            counters.Received++;
            DispatchResult result;
            // The session's methods take the message by value (see ReceiveSession.ObserveSequence),
            // so that it stays in registers through the loop.
            if (session is null)
            {
                // A standalone dispatch: the caller chose the bytes and the sender, and a callback's
                // exception is theirs.
                result = dispatcher.Dispatch(in message);
            }
            else if (senderPortId != 0 && session.DropsSpoofed && message.Id.IsKernelOwned)
            {
                counters.Spoofed++;
                continue;
            }
            else if (session.TryCompleteRequest(message))
            {
                counters.Dispatched++;
                continue;
            }
            else if (!session.TryDispatch(dispatcher, message, out result))
            {
                // The callback threw; the session counted and reported it.
                continue;
            }

            switch (result)
            {
                case DispatchResult.Dispatched:
                    counters.Dispatched++;
                    break;
                case DispatchResult.Unrouted:
                    counters.Unrouted++;
                    break;
                default:
                    counters.Invalid++;
                    break;
            }
        }
    }

    /// <summary>Whether a status means the bytes were wrong (as opposed to a netlink control message).</summary>
    public static bool IsMalformed(DatagramStatus status) => status is
        DatagramStatus.ShortNetlinkHeader or
        DatagramStatus.NetlinkLengthTooSmall or
        DatagramStatus.NetlinkLengthPastEnd or
        DatagramStatus.ShortConnectorHeader or
        DatagramStatus.ConnectorLengthPastMessage;
}
