using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using KernelConnector.Protocol;
using KernelConnector.Wire;

namespace KernelConnector.Benchmarks;

/// <summary>
/// From a received datagram to a typed callback: the generated handler-class switch and
/// <see cref="ConnectorRouter"/>, against a dictionary of delegates with a hand-written parse;
/// and the same datagram through an endpoint's receive walk (spoofing guard, request matching,
/// sequence counting, callback isolation, counters), the in-process part of a receive loop.
/// </summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private readonly byte[] _datagram = new byte[256];
    private readonly BenchmarkHandlers _handlers = new();
    private readonly ConnectorRouter _router = new();
    private readonly Dictionary<CbId, Delegate> _dictionary = new();
    private readonly ReceiveSession _session = new(new object(), new EndpointCounters(1), new PendingRequests(), new ConnectorEndpointOptions());
    private int _length;
    private long _sum;

    private delegate void SampleHandler(in Sample48 message, uint seq);

    [GlobalSetup]
    public void Setup()
    {
        _length = ConnectorDatagram.Write(_datagram, new Sample48 { Kind = 3 }, default, seq: 1, ack: 2);
        _handlers.Register(_router);
        _dictionary[Sample48.Id] = new SampleHandler((in Sample48 m, uint seq) => _sum += m.Kind);
        _dictionary[WithTrailing.Id] = new Action<int>(n => _sum += n);
        _dictionary[KernelConnector.ProcessEvents.ProcEvent.Id] = new Action<int>(n => _sum += n);
    }

    [Benchmark(Baseline = true)]
    public long DictionaryOfDelegates()
    {
        // What a user writes without KernelConnector: parse the headers by hand, look the id up, cast, call.
        var span = _datagram.AsSpan(0, _length);
        var nlLength = MemoryMarshal.Read<uint>(span);
        if (nlLength < 36 || nlLength > span.Length)
        {
            return -1;
        }

        var id = new CbId(MemoryMarshal.Read<uint>(span[16..]), MemoryMarshal.Read<uint>(span[20..]));
        var seq = MemoryMarshal.Read<uint>(span[24..]);
        var len = MemoryMarshal.Read<ushort>(span[32..]);
        if (36 + len > nlLength || !_dictionary.TryGetValue(id, out var handler))
        {
            return -1;
        }

        if (handler is SampleHandler typed && len >= Unsafe.SizeOf<Sample48>())
        {
            typed(in MemoryMarshal.AsRef<Sample48>(span.Slice(36, len)), seq);
        }

        return _sum;
    }

    [Benchmark]
    public long DictionaryOfDelegatesCheckedWalk()
    {
        // The same lookup behind the walk the generated code does: every netlink message of the
        // datagram, control messages skipped, lengths and payload validated.
        var reader = new ConnectorDatagramReader(_datagram.AsSpan(0, _length), 0);
        while (reader.Read(out var message, out var status))
        {
            if (status == DatagramStatus.Message
                && _dictionary.TryGetValue(message.Id, out var handler)
                && handler is SampleHandler typed
                && Sample48.Validate(message.Payload) == ConnectorReadStatus.Ok)
            {
                typed(in MemoryMarshal.AsRef<Sample48>(message.Payload), message.Seq);
            }
        }

        return _sum;
    }

    [Benchmark]
    public long GeneratedSwitch()
    {
        _handlers.Dispatch(_datagram.AsSpan(0, _length), 0);
        return _handlers.Sum;
    }

    [Benchmark]
    public long Router()
    {
        _router.Dispatch(_datagram.AsSpan(0, _length), 0);
        return _handlers.Sum;
    }

    [Benchmark]
    public long EndpointWalkGeneratedSwitch()
    {
        // Through the interface, as RunAsync hands it to the loop.
        _session.Receive(_datagram.AsSpan(0, _length), 0, _handlers);
        return _handlers.Sum;
    }

    [Benchmark]
    public long EndpointWalkRouter()
    {
        _session.Receive(_datagram.AsSpan(0, _length), 0, _router);
        return _handlers.Sum;
    }

    [Benchmark]
    public long CheckedWalkAlone()
    {
        // The floor under every checked dispatch: the walk with no lookup and no callback.
        var reader = new ConnectorDatagramReader(_datagram.AsSpan(0, _length), 0);
        long messages = 0;
        while (reader.Read(out var message, out var status))
        {
            if (status == DatagramStatus.Message)
            {
                messages += message.Payload.Length;
            }
        }

        return messages;
    }
}
