using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using KernelConnector.Transport;
using KernelConnector.Wire;
using KernelConnector.__Internals;

namespace KernelConnector.Testing;

/// <summary>
/// A kernel connector in memory, with the programming model of the real one: endpoints
/// (<see cref="InMemoryEndpoint"/>, an <see cref="IConnectorEndpoint"/>) with port ids, groups 1 to
/// 32, unicast, multicast, the seq/ack protocol, router and handler-class dispatch, and
/// "kernel-side" callbacks that receive messages sent to port 0 and can answer them. Code written
/// against <see cref="IConnectorEndpoint"/> runs here without root or Linux, and against
/// <see cref="ConnectorSocket"/> in production.
/// </summary>
/// <remarks>
/// Messages travel as real datagram bytes and are walked by the same code as a socket's, so they
/// pass the same checks. Like netlink, a multicast is not delivered back to its sender; a full
/// receive queue drops a multicast (or a message from the kernel) and reports an overrun on the
/// next read, and makes a unicast sender wait up to its <see cref="ConnectorEndpointOptions.SendTimeout"/>
/// and then throw <see cref="TimeoutException"/>.
/// </remarks>
public sealed class InMemoryConnector : IDisposable
{
    private readonly ConcurrentDictionary<uint, InMemoryEndpoint> _endpoints = new();
    private readonly ConcurrentDictionary<CbId, KernelEntry> _kernelCallbacks = new();
    private readonly List<Watch> _watches = [];
    private readonly object _watchGate = new();
    private int _nextPort = 0x1000;

    /// <summary>Creates an empty connector.</summary>
    public InMemoryConnector(int queueCapacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        QueueCapacity = queueCapacity;
    }

    /// <summary>How many datagrams an endpoint's receive queue holds before it overruns.</summary>
    public int QueueCapacity { get; }

    /// <summary>Opens an endpoint with a fresh port id (never 0, which is the kernel's).</summary>
    public InMemoryEndpoint Open(ConnectorEndpointOptions? options = null)
    {
        options ??= new ConnectorEndpointOptions();
        var port = unchecked((uint)Interlocked.Increment(ref _nextPort));
        var endpoint = new InMemoryEndpoint(this, port, options, QueueCapacity);
        _endpoints[port] = endpoint;
        foreach (var group in options.Groups)
        {
            endpoint.JoinGroup(group);
        }

        return endpoint;
    }

    /// <summary>
    /// Adds a kernel-side callback for <typeparamref name="T"/>'s id, the in-memory counterpart of
    /// the kernel's <c>cn_add_callback</c>: it receives what endpoints send to the kernel.
    /// </summary>
    /// <exception cref="InvalidOperationException">The id already has a kernel callback.</exception>
    public void AddKernelCallback<T>(KernelCallback<T> callback, string? name = null)
        where T : unmanaged, IConnectorMessage<T>
    {
        ArgumentNullException.ThrowIfNull(callback);
        var entry = new KernelEntry<T>(this, callback, name ?? callback.Method.Name);
        if (!_kernelCallbacks.TryAdd(T.Id, entry))
        {
            throw new InvalidOperationException($"The connector id {T.Id} already has a kernel callback ('{_kernelCallbacks[T.Id].Name}').");
        }

        Notify(T.Id, added: true);
    }

    /// <summary>Removes a kernel-side callback (the kernel's <c>cn_del_callback</c>).</summary>
    public bool RemoveKernelCallback(CbId id)
    {
        if (!_kernelCallbacks.TryRemove(id, out _))
        {
            return false;
        }

        Notify(id, added: false);
        return true;
    }

    /// <summary>
    /// Asks to be told when kernel callbacks for ids in a range are added or removed: the
    /// connector documentation's id notification (<c>struct cn_notify_req</c>). Linux removed
    /// that feature in 2010 (CVE-2010-0410); it exists only in memory, for tests of code written
    /// for old kernels. Dispose the result to stop.
    /// </summary>
    public IDisposable WatchCallbacks(uint idxFirst, uint idxRange, uint valFirst, uint valRange, Action<CbId, bool> notify)
    {
        ArgumentNullException.ThrowIfNull(notify);
        var watch = new Watch(this, idxFirst, idxRange, valFirst, valRange, notify);
        lock (_watchGate)
        {
            _watches.Add(watch);
        }

        return watch;
    }

    /// <summary>Sends a message from the kernel (port 0), as an in-kernel connector user does with <c>cn_netlink_send</c>.</summary>
    public void SendFromKernel<T>(in T message, ConnectorAddress to, uint seq, uint ack, ReadOnlySpan<byte> trailing = default)
        where T : unmanaged, IConnectorMessage<T>
    {
        var datagram = new byte[ConnectorDatagram.GetDatagramLength(T.Size + trailing.Length)];
        ConnectorDatagram.Write(datagram, in message, trailing, seq, ack);
        Deliver(datagram, 0, to, unicastWait: TimeSpan.Zero);
    }

    /// <summary>Delivers a datagram from port <paramref name="from"/>; a unicast from an endpoint waits up to <paramref name="unicastWait"/> for room.</summary>
    internal void Deliver(byte[] datagram, uint from, ConnectorAddress to, TimeSpan unicastWait)
    {
        switch (to.Kind)
        {
            case ConnectorAddressKind.Group:
                foreach (var endpoint in _endpoints.Values)
                {
                    // Netlink does not loop a multicast back to the socket that sent it.
                    if (endpoint.PortId != from && endpoint.IsMember(to.Value))
                    {
                        endpoint.Enqueue(datagram, from);
                    }
                }

                break;
            case ConnectorAddressKind.Port:
                if (!_endpoints.TryGetValue(to.Value, out var target))
                {
                    throw NoEndpoint(to);
                }

                if (from == 0)
                {
                    // The kernel never waits for a reader (cn_netlink_send does not block): like a
                    // multicast, what does not fit is dropped and the reader told.
                    target.Enqueue(datagram, from);
                }
                else
                {
                    target.EnqueueWaiting(datagram, from, to, unicastWait);
                }

                break;
            default:
                DeliverToKernel(datagram, from);
                break;
        }
    }

    // The kernel ignores what it cannot parse and ids it has no callback for: the walk counts
    // them, and nobody reads the count.
    private void DeliverToKernel(byte[] datagram, uint from) =>
        ConnectorDispatch.DispatchDatagram(new KernelSide(this), datagram, from);

    /// <summary>What a unicast to a port nobody is bound to throws (a socket's sender gets <c>ECONNREFUSED</c>).</summary>
    internal static ConnectorUnavailableException NoEndpoint(ConnectorAddress to) =>
        new(ConnectorUnavailableReason.Other, $"No endpoint is bound to {to}.", 111);

    internal void Remove(InMemoryEndpoint endpoint) => _endpoints.TryRemove(endpoint.PortId, out _);

    private void Notify(CbId id, bool added)
    {
        Watch[] watches;
        lock (_watchGate)
        {
            watches = [.. _watches];
        }

        foreach (var watch in watches.Where(w => w.Covers(id)))
        {
            watch.Notify(id, added);
        }
    }

    /// <summary>Closes every endpoint.</summary>
    public void Dispose()
    {
        foreach (var endpoint in _endpoints.Values)
        {
            endpoint.Dispose();
        }
    }

    /// <summary>The kernel side as a dispatcher, so that what endpoints send to port 0 goes through the one walk.</summary>
    private readonly struct KernelSide(InMemoryConnector connector) : IConnectorDispatcher
    {
        public DispatchResult Dispatch(in ReceivedConnectorMessage message) =>
            connector._kernelCallbacks.TryGetValue(message.Id, out var entry) ? entry.Invoke(in message) : DispatchResult.Unrouted;
    }

    private abstract class KernelEntry(string name)
    {
        public string Name { get; } = name;

        public abstract DispatchResult Invoke(in ReceivedConnectorMessage message);
    }

    private sealed class KernelEntry<T>(InMemoryConnector connector, KernelCallback<T> callback, string name) : KernelEntry(name)
        where T : unmanaged, IConnectorMessage<T>
    {
        public override DispatchResult Invoke(in ReceivedConnectorMessage message)
        {
            if (!ConnectorDispatch.TryCreate<T>(in message, out var typed))
            {
                return DispatchResult.Invalid;
            }

            callback(in typed, new KernelReplyContext(connector, message.SenderPortId, message.Seq, message.Ack));
            return DispatchResult.Dispatched;
        }
    }

    private sealed class Watch(InMemoryConnector owner, uint idxFirst, uint idxRange, uint valFirst, uint valRange, Action<CbId, bool> notify) : IDisposable
    {
        public bool Covers(CbId id) =>
            id.Idx - idxFirst < Math.Max(1, idxRange) && id.Val - valFirst < Math.Max(1, valRange);

        public void Notify(CbId id, bool added) => notify(id, added);

        public void Dispose()
        {
            lock (owner._watchGate)
            {
                owner._watches.Remove(this);
            }
        }
    }
}
