using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Threading;
using KernelConnector.__Internals;

namespace KernelConnector;

/// <summary>
/// Routes received connector messages to typed callbacks by their callback id: the userspace
/// counterpart of the kernel's <c>cn_add_callback</c> / <c>cn_del_callback</c>. Callbacks may be
/// added and removed while another thread dispatches; dispatch itself allocates nothing. The
/// router keeps no counters: whoever walks a datagram counts (an endpoint in its
/// <see cref="IConnectorEndpoint.Statistics"/>, a standalone <see cref="Dispatch(ReadOnlySpan{byte}, uint)"/>
/// in what it returns), so no message is counted twice.
/// </summary>
public sealed class ConnectorRouter : IConnectorDispatcher
{
    private readonly object _gate = new();
    private FrozenDictionary<CbId, Entry> _entries = FrozenDictionary<CbId, Entry>.Empty;

    /// <summary>
    /// Adds the callback for <typeparamref name="T"/>'s id. Like the kernel, refuses a second
    /// callback for an id that already has one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The id already has a callback.</exception>
    public void Add<T>(ConnectorCallback<T> callback, string? name = null)
        where T : unmanaged, IConnectorMessage<T>
    {
        ArgumentNullException.ThrowIfNull(callback);
        var entry = new Entry<T>(callback, name ?? callback.Method.Name);
        lock (_gate)
        {
            if (_entries.TryGetValue(T.Id, out var existing))
            {
                throw new InvalidOperationException(
                    $"The connector id {T.Id} already has a callback ('{existing.Name}', for {existing.MessageType.Name}); remove it before adding '{entry.Name}'.");
            }

            var entries = new Dictionary<CbId, Entry>(_entries) { [T.Id] = entry };
            Volatile.Write(ref _entries, entries.ToFrozenDictionary());
        }
    }

    /// <summary>Removes the callback for <paramref name="id"/>; <see langword="false"/> if it had none.</summary>
    public bool Remove(CbId id)
    {
        lock (_gate)
        {
            if (!_entries.ContainsKey(id))
            {
                return false;
            }

            var entries = new Dictionary<CbId, Entry>(_entries);
            entries.Remove(id);
            Volatile.Write(ref _entries, entries.ToFrozenDictionary());
            return true;
        }
    }

    /// <summary>The ids that have a callback.</summary>
    public IReadOnlyCollection<CbId> Ids => Volatile.Read(ref _entries).Keys;

    /// <inheritdoc />
    public DispatchResult Dispatch(in ReceivedConnectorMessage message) => DispatchCopy(message);

    // The message by value, as everywhere on the dispatch path (see ReceiveSession.ObserveSequence):
    // the walk's message then stays in registers.
    private DispatchResult DispatchCopy(ReceivedConnectorMessage message) =>
        Volatile.Read(ref _entries).TryGetValue(message.Id, out var entry) ? entry.Dispatch(message) : DispatchResult.Unrouted;

    /// <summary>
    /// Dispatches every connector message of a received datagram and returns what became of them;
    /// malformed parts are counted, never thrown.
    /// </summary>
    public ConnectorStatistics Dispatch(ReadOnlySpan<byte> datagram, uint senderPortId = 0) =>
        // Through a struct, so that the walk is compiled for the router rather than shared
        // generic code that calls it through the interface.
        ConnectorDispatch.DispatchDatagram(new Direct(this), datagram, senderPortId);

    private readonly struct Direct(ConnectorRouter router) : IConnectorDispatcher
    {
        public DispatchResult Dispatch(in ReceivedConnectorMessage message) => router.DispatchCopy(message);
    }

    private abstract class Entry(string name)
    {
        public string Name { get; } = name;

        public abstract Type MessageType { get; }

        public abstract DispatchResult Dispatch(ReceivedConnectorMessage message);
    }

    private sealed class Entry<T>(ConnectorCallback<T> callback, string name) : Entry(name)
        where T : unmanaged, IConnectorMessage<T>
    {
        public override Type MessageType => typeof(T);

        public override DispatchResult Dispatch(ReceivedConnectorMessage message)
        {
            if (!ConnectorDispatch.TryCreate<T>(in message, out var typed))
            {
                return DispatchResult.Invalid;
            }

            callback(in typed);
            return DispatchResult.Dispatched;
        }
    }
}
