using System;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;

namespace KernelConnector.Protocol;

/// <summary>
/// Requests awaiting their reply, keyed by the ack the reply must carry (the request's ack + 1).
/// The ack is random and unique among the requests in flight, so the key finds the one request a
/// reply can belong to; the seq and the reply's id are then checked.
/// </summary>
internal sealed class PendingRequests
{
    private readonly ConcurrentDictionary<uint, Pending> _byReplyAck = new();
    private int _count;

    public bool IsEmpty => Volatile.Read(ref _count) == 0;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Reserves a fresh ack for a request; the returned entry must be completed or removed.</summary>
    public Pending<TReply> Add<TReply>(uint seq, ReplyMatch match)
        where TReply : unmanaged, IConnectorMessage<TReply>
    {
        while (true)
        {
            // ack + 1 must not wrap to 0, the ack of every kernel event.
            var ack = (uint)Random.Shared.Next(1, int.MaxValue);
            var pending = new Pending<TReply>(this, seq, ack, match);
            if (_byReplyAck.TryAdd(ack + 1, pending))
            {
                Interlocked.Increment(ref _count);
                return pending;
            }
        }
    }

    /// <summary>Takes the request <paramref name="message"/> answers, if any, for the caller to complete. Called by the receive loop.</summary>
    public bool TryTake(in ReceivedConnectorMessage message, [NotNullWhen(true)] out Pending? request)
    {
        if (!_byReplyAck.TryGetValue(message.Ack, out request) || !request.Matches(in message) || !Remove(request))
        {
            request = null;
            return false;
        }

        return true;
    }

    public bool Remove(Pending pending)
    {
        if (_byReplyAck.TryRemove(new System.Collections.Generic.KeyValuePair<uint, Pending>(pending.Ack + 1, pending)))
        {
            Interlocked.Decrement(ref _count);
            return true;
        }

        return false;
    }

    /// <summary>Fails every request in flight (the endpoint is closing).</summary>
    public void FailAll(Exception exception)
    {
        foreach (var pending in _byReplyAck.Values)
        {
            if (Remove(pending))
            {
                pending.Fail(exception);
            }
        }
    }

    internal abstract class Pending(PendingRequests owner, uint seq, uint ack, ReplyMatch match)
    {
        public uint Seq { get; } = seq;

        public uint Ack { get; } = ack;

        public PendingRequests Owner { get; } = owner;

        public ReplyMatch Match { get; } = match;

        public abstract CbId ReplyId { get; }

        /// <summary>The reply type's <see cref="IConnectorMessage{TSelf}.SequenceKeyOffset"/>.</summary>
        public abstract int SequenceKeyOffset { get; }

        public bool Matches(in ReceivedConnectorMessage message) =>
            message.Id == ReplyId && (Match == ReplyMatch.AckOnly || message.Seq == Seq);

        public abstract void Complete(in ReceivedConnectorMessage message);

        public abstract void Fail(Exception exception);
    }

    internal sealed class Pending<TReply>(PendingRequests owner, uint seq, uint ack, ReplyMatch match) : Pending(owner, seq, ack, match)
        where TReply : unmanaged, IConnectorMessage<TReply>
    {
        private readonly TaskCompletionSource<ConnectorReply<TReply>> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override CbId ReplyId => TReply.Id;

        public override int SequenceKeyOffset => TReply.SequenceKeyOffset;

        public Task<ConnectorReply<TReply>> Task => _reply.Task;

        public override void Complete(in ReceivedConnectorMessage message)
        {
            var payload = message.Payload;
            if (!TReply.TryRead(payload, out var value))
            {
                _reply.TrySetException(new ConnectorFormatException(
                    TReply.Validate(payload),
                    $"The reply to request seq {Seq}, ack {Ack} is not a valid {typeof(TReply).Name} ({TReply.Validate(payload)}, {payload.Length} bytes)."));
                return;
            }

            var header = message.Header;
            var trailing = payload.Length > TReply.Size ? payload[TReply.Size..].ToArray() : [];
            _reply.TrySetResult(new ConnectorReply<TReply>(value, trailing, header.Seq, header.Ack, header.Flags, message.SenderPortId));
        }

        public override void Fail(Exception exception) => _reply.TrySetException(exception);

        public void Cancel(CancellationToken token) => _reply.TrySetCanceled(token);
    }
}
