using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.Testing;
using KernelConnector.Tests.Transport;
using KernelConnector.W1;

namespace KernelConnector.Tests.W1;

/// <summary>
/// A raw w1 peer for protocol tests: sends payloads with a chosen seq and ack and keeps every
/// w1 message that comes back (seq, ack, sender, payload bytes). Each exchange ends with a
/// <c>W1_LIST_MASTERS</c> of its own: the emulator answers requests in order, so once that
/// answer is in, everything the request before it caused has arrived.
/// </summary>
internal sealed class W1Wire : IAsyncDisposable
{
    private const uint FenceSeq = 0xFE0000;
    private readonly InMemoryEndpoint _endpoint;
    private readonly ConcurrentQueue<W1Reply> _replies = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private uint _fences;

    public W1Wire(InMemoryConnector connector, params uint[] groups)
    {
        _endpoint = connector.Open(new ConnectorEndpointOptions { Groups = groups });
        var router = new ConnectorRouter();
        router.Add<W1NetlinkMessage>(Keep);
        _loop = _endpoint.RunAsync(router, _stop.Token);
    }

    public InMemoryEndpoint Endpoint => _endpoint;

    /// <summary>Sends <paramref name="payload"/> with <paramref name="seq"/> and <paramref name="ack"/>, and returns every reply it caused, in order.</summary>
    public async Task<IReadOnlyList<W1Reply>> ExchangeAsync(byte[] payload, uint seq, uint ack)
    {
        W1Payload.SendAs(_endpoint, payload, seq, ack);
        var fence = FenceSeq + _fences++;
        W1Payload.SendAs(_endpoint, [6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], fence, 0);
        await Wait.UntilAsync(() => _replies.Any(r => r.Seq == fence), "the fence's reply");
        var all = Drain();
        return [.. all.TakeWhile(r => r.Seq != fence)];
    }

    /// <summary>Everything received so far that is not an answer to a fence.</summary>
    public IReadOnlyList<W1Reply> Drain()
    {
        var all = new List<W1Reply>();
        while (_replies.TryDequeue(out var reply))
        {
            all.Add(reply);
        }

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await _endpoint.DisposeAsync();
        _stop.Dispose();
    }

    private void Keep(in ReceivedConnectorMessage<W1NetlinkMessage> message)
    {
        var payload = new byte[W1NetlinkMessage.Size + message.Trailing.Length];
        MemoryMarshal.Write(payload, in message.Value);
        message.Trailing.CopyTo(payload.AsSpan(W1NetlinkMessage.Size));
        _replies.Enqueue(new W1Reply(message.Seq, message.Ack, message.SenderPortId, payload));
    }
}
