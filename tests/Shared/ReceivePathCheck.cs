using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KernelConnector.ProcessEvents;
using KernelConnector.Wire;

namespace KernelConnector.Tests.Shared;

/// <summary>
/// The checks applied to one received datagram by the property tests, the fuzzing harness and the
/// replay of the fuzz corpus: the receive path (datagram reader, <see cref="ConnectorRouter"/> and a
/// generated handler class) must agree with an independent model of what it should do.
/// </summary>
/// <remarks>
/// The model walks the datagram by the netlink rules without the product's reader, and decides each
/// connector message's outcome on its own: no callback for the id → unrouted; a payload shorter
/// than the struct, with more trailing bytes than the type allows, or with a field value the type
/// does not allow (a bool byte above 1, a closed enum value not declared) → invalid; otherwise
/// dispatched; a malformed header or an <c>NLMSG_OVERRUN</c> is counted as such. The reader must
/// find exactly the items the model finds, each dispatcher must count exactly the model's outcomes
/// (the same <see cref="ConnectorStatistics"/> an endpoint keeps), its callbacks must run exactly
/// once per dispatched message, and
/// every value a callback receives must be valid and lie inside the datagram. Any difference
/// throws a <see cref="ReceivePathViolation"/> (a failed test, or a crash under the fuzzer).
/// </remarks>
public sealed class ReceivePathCheck
{
    [ThreadStatic]
    private static ReceivePathCheck? s_active;

    private readonly Dictionary<CbId, Route> _routes = [];
    private readonly ConnectorRouter _router = new();
    private byte[] _datagram = [];
    private int[] _calls = [];

    /// <summary>Expects messages of <typeparamref name="T"/> to be routed; <paramref name="valuesAllowed"/> says, from the raw bytes, whether a value's fields are allowed.</summary>
    public ReceivePathCheck Expect<T>(Func<T, bool> valuesAllowed)
        where T : unmanaged, IConnectorMessage<T>
    {
        var attribute = typeof(T).GetCustomAttribute<ConnectorMessageAttribute>()
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no [ConnectorMessage].");
        _routes.Add(T.Id, new Route<T>(_routes.Count, Unsafe.SizeOf<T>(), attribute.MaxTrailingBytes, valuesAllowed));
        _router.Add((in ReceivedConnectorMessage<T> m) => Received(in m));
        _calls = new int[_routes.Count];
        return this;
    }

    /// <summary>
    /// Checks one datagram against the reader, the router and <paramref name="generatedDispatch"/>
    /// (a generated class's <c>Dispatch(datagram, senderPortId)</c>, whose callbacks call
    /// <see cref="Received{T}"/> and route the same types as <see cref="Expect{T}"/> was given).
    /// </summary>
    public void Run(byte[] datagram, Func<byte[], ConnectorStatistics> generatedDispatch)
    {
        ArgumentNullException.ThrowIfNull(datagram);
        ArgumentNullException.ThrowIfNull(generatedDispatch);
        _datagram = datagram;
        s_active = this;
        try
        {
            var model = Walk(datagram);
            CompareWithReader(datagram, model);

            var expected = Expected(datagram, model, out var perRoute);
            Compare("ConnectorRouter", () => _router.Dispatch(datagram, 7), expected, perRoute);
            Compare("the generated handler class", () => generatedDispatch(datagram), expected, perRoute);
        }
        finally
        {
            s_active = null;
            _datagram = [];
        }
    }

    /// <summary>Called by every callback: the message must be routed here, valid, and inside the datagram.</summary>
    public static void Received<T>(in ReceivedConnectorMessage<T> message)
        where T : unmanaged, IConnectorMessage<T>
    {
        var check = s_active ?? throw new ReceivePathViolation("A callback ran outside ReceivePathCheck.Run.");
        if (!check._routes.TryGetValue(T.Id, out var route) || route is not Route<T> typed)
        {
            throw new ReceivePathViolation($"A callback for {typeof(T).Name} ran, but no route for {T.Id} was expected.");
        }

        var valueOffset = check.Inside(MemoryMarshal.CreateReadOnlySpan(in Unsafe.As<T, byte>(ref Unsafe.AsRef(in message.Value)), Unsafe.SizeOf<T>()), "value");
        if (!message.Trailing.IsEmpty)
        {
            var trailingOffset = check.Inside(message.Trailing, "trailing bytes");
            if (trailingOffset != valueOffset + Unsafe.SizeOf<T>())
            {
                throw new ReceivePathViolation($"The trailing bytes of a {typeof(T).Name} start at {trailingOffset}, not right after its value at {valueOffset}.");
            }
        }

        if (message.Trailing.Length > typed.MaxTrailing)
        {
            throw new ReceivePathViolation($"A {typeof(T).Name} was dispatched with {message.Trailing.Length} trailing bytes; its type allows {typed.MaxTrailing}.");
        }

        if (!typed.ValuesAllowed(message.Value))
        {
            throw new ReceivePathViolation($"A {typeof(T).Name} with a field value its type does not allow was dispatched at offset {valueOffset}.");
        }

        check._calls[route.Index]++;
    }

    /// <summary>Whether a bool holds 0 or 1 (any other byte is not a valid bool).</summary>
    public static bool IsBool(in bool value) => Unsafe.As<bool, byte>(ref Unsafe.AsRef(in value)) <= 1;

    /// <summary>Whether an enum holds one of its declared values.</summary>
    public static bool IsDeclared<TEnum>(TEnum value)
        where TEnum : struct, Enum => Enum.IsDefined(value);

    private long Inside(ReadOnlySpan<byte> view, string what)
    {
        var offset = (long)Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(_datagram), ref MemoryMarshal.GetReference(view));
        if (offset < 0 || offset + view.Length > _datagram.Length)
        {
            throw new ReceivePathViolation($"A callback's {what} ({view.Length} bytes at offset {offset}) lie outside the {_datagram.Length}-byte datagram.");
        }

        return offset;
    }

    private void Compare(string who, Func<ConnectorStatistics> dispatch, ConnectorStatistics expected, int[] perRoute)
    {
        Array.Clear(_calls);
        var summary = dispatch();
        if (summary != expected)
        {
            throw new ReceivePathViolation($"{who} counted {summary}; the model expects {expected}.");
        }

        for (var i = 0; i < perRoute.Length; i++)
        {
            if (_calls[i] != perRoute[i])
            {
                throw new ReceivePathViolation($"{who} ran the callback of route {i} {_calls[i]} time(s); the model expects {perRoute[i]}.");
            }
        }
    }

    private ConnectorStatistics Expected(byte[] datagram, List<Item> model, out int[] perRoute)
    {
        perRoute = new int[_routes.Count];
        int received = 0, dispatched = 0, unrouted = 0, invalid = 0, malformed = 0, overruns = 0;
        foreach (var item in model)
        {
            if (item.Status != DatagramStatus.Message)
            {
                // Broken lengths are malformed; of the netlink control messages only an overrun
                // (the kernel's "data was lost") is counted.
                malformed += item.Status is DatagramStatus.ShortNetlinkHeader or DatagramStatus.NetlinkLengthTooSmall
                    or DatagramStatus.NetlinkLengthPastEnd or DatagramStatus.ShortConnectorHeader
                    or DatagramStatus.ConnectorLengthPastMessage ? 1 : 0;
                overruns += item.Status == DatagramStatus.NetlinkOverrun ? 1 : 0;
                continue;
            }

            received++;

            if (!_routes.TryGetValue(item.Id, out var route))
            {
                unrouted++;
            }
            else if (route.Accepts(datagram.AsSpan(item.PayloadOffset, item.PayloadLength)))
            {
                dispatched++;
                perRoute[route.Index]++;
            }
            else
            {
                invalid++;
            }
        }

        return new ConnectorStatistics
        {
            Datagrams = 1,
            Received = received,
            Dispatched = dispatched,
            Unrouted = unrouted,
            Invalid = invalid,
            Malformed = malformed,
            Overruns = overruns,
        };
    }

    private static void CompareWithReader(byte[] datagram, List<Item> model)
    {
        var reader = new ConnectorDatagramReader(datagram, 7);
        var i = 0;
        while (reader.Read(out var message, out var status))
        {
            if (i >= model.Count)
            {
                throw new ReceivePathViolation($"The reader found a {status} after the {model.Count} item(s) of the model.");
            }

            var want = model[i++];
            if (status != want.Status)
            {
                throw new ReceivePathViolation($"Item {i - 1}: the reader says {status}, the model {want.Status}.");
            }

            if (status == DatagramStatus.Message)
            {
                var payload = message.Payload;
                var offset = (long)Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(datagram), ref MemoryMarshal.GetReference(payload));
                if (offset != want.PayloadOffset || payload.Length != want.PayloadLength || message.Id != want.Id || message.SenderPortId != 7)
                {
                    throw new ReceivePathViolation(
                        $"Item {i - 1}: the reader gives {message.Id} with {payload.Length} bytes at {offset}; the model {want.Id} with {want.PayloadLength} at {want.PayloadOffset}.");
                }
            }
        }

        if (i != model.Count)
        {
            throw new ReceivePathViolation($"The reader found {i} item(s); the model {model.Count}.");
        }
    }

    /// <summary>The netlink walk, written from the rules rather than from the reader.</summary>
    private static List<Item> Walk(ReadOnlySpan<byte> datagram)
    {
        var items = new List<Item>();
        var offset = 0;
        while (offset < datagram.Length)
        {
            var rest = datagram[offset..];
            if (rest.Length < Netlink.HeaderSize)
            {
                items.Add(new Item(DatagramStatus.ShortNetlinkHeader));
                break;
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(rest);
            if (length < Netlink.HeaderSize)
            {
                items.Add(new Item(DatagramStatus.NetlinkLengthTooSmall));
                break;
            }

            if (length > rest.Length)
            {
                items.Add(new Item(DatagramStatus.NetlinkLengthPastEnd));
                break;
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(rest[4..]);
            if (type == Netlink.Noop)
            {
                items.Add(new Item(DatagramStatus.NetlinkNoop));
            }
            else if (type == Netlink.Error)
            {
                items.Add(new Item(DatagramStatus.NetlinkError));
            }
            else if (type == Netlink.Overrun)
            {
                items.Add(new Item(DatagramStatus.NetlinkOverrun));
            }
            else if (length < Connector.PayloadOffset)
            {
                items.Add(new Item(DatagramStatus.ShortConnectorHeader));
            }
            else
            {
                // struct cn_msg: id.idx, id.val, seq, ack, len (u16), flags, then the payload.
                var cn = rest[Netlink.HeaderSize..];
                var payloadLength = BinaryPrimitives.ReadUInt16LittleEndian(cn[16..]);
                items.Add(Connector.PayloadOffset + payloadLength > length
                    ? new Item(DatagramStatus.ConnectorLengthPastMessage)
                    : new Item(DatagramStatus.Message,
                        new CbId(BinaryPrimitives.ReadUInt32LittleEndian(cn), BinaryPrimitives.ReadUInt32LittleEndian(cn[4..])),
                        offset + Connector.PayloadOffset,
                        payloadLength));
            }

            // The next message starts at the next 4-byte boundary (NLMSG_ALIGN), or the walk ends.
            offset += (int)Math.Min((length + 3) & ~3u, (uint)rest.Length);
        }

        return items;
    }

    private readonly record struct Item(DatagramStatus Status, CbId Id = default, int PayloadOffset = 0, int PayloadLength = 0);

    private abstract class Route(int index, int size, int maxTrailing)
    {
        public int Index { get; } = index;

        public int Size { get; } = size;

        public int MaxTrailing { get; } = maxTrailing;

        public abstract bool Accepts(ReadOnlySpan<byte> payload);
    }

    private sealed class Route<T>(int index, int size, int maxTrailing, Func<T, bool> valuesAllowed) : Route(index, size, maxTrailing)
        where T : unmanaged
    {
        public Func<T, bool> ValuesAllowed { get; } = valuesAllowed;

        public override bool Accepts(ReadOnlySpan<byte> payload) =>
            payload.Length >= Size && payload.Length - Size <= MaxTrailing && ValuesAllowed(MemoryMarshal.Read<T>(payload));
    }
}

/// <summary>The receive path did something the model of <see cref="ReceivePathCheck"/> does not allow.</summary>
public sealed class ReceivePathViolation(string message) : Exception(message);

// The bool is what the receive path must check (KC0007 points out that check).
#pragma warning disable KC0007

/// <summary>The fuzzing harness's message: a bool, a closed enum and trailing bytes.</summary>
[ConnectorMessage(25, 1, MaxTrailingBytes = 64)]
[StructLayout(LayoutKind.Sequential)]
public partial struct FuzzMessage
{
    public uint Kind;
    public bool Ready;
    public FuzzMode Mode;
    public ushort Port;
}

#pragma warning restore KC0007

/// <summary>A closed enum: only its declared values are valid on the wire.</summary>
[ClosedEnum]
public enum FuzzMode : byte
{
    Off,
    On,
}

/// <summary>The harness's generated handler class: process events and <see cref="FuzzMessage"/>.</summary>
public sealed partial class FuzzHandlers
{
    /// <summary>The check the harness and the corpus replay apply: these two types, routed by a router and by this class.</summary>
    public static ReceivePathCheck CreateCheck() => new ReceivePathCheck()
        .Expect<ProcEvent>(_ => true)
        .Expect<FuzzMessage>(m => ReceivePathCheck.IsBool(in m.Ready) && ReceivePathCheck.IsDeclared(m.Mode));

    [ConnectorCallback]
    private static void OnProc(in ReceivedConnectorMessage<ProcEvent> m) => ReceivePathCheck.Received(in m);

    [ConnectorCallback]
    private static void OnFuzz(in ReceivedConnectorMessage<FuzzMessage> m) => ReceivePathCheck.Received(in m);
}
