using System;
using System.Runtime.CompilerServices;
using CsCheck;
using KernelConnector.ProcessEvents;
using KernelConnector.Tests.Generated;
using Xunit;

namespace KernelConnector.Tests.Robustness;

/// <summary>
/// Hundreds of thousands of random and mutated datagrams thrown at the parser, the router and a
/// generated handler: nothing escapes, every message is dispatched or counted, and every view a
/// callback gets lies inside the received bytes.
/// </summary>
public sealed class DatagramPropertyTests
{
    private static byte[] ValidDatagram()
    {
        var buffer = new byte[512];
        var offset = ConnectorDatagram.Write(buffer, new Probe { Kind = 1 }, default, 1, 2);
        offset = Netlink.Align(offset);
        var proc = new ProcEvent { What = ProcEventKind.Exit, Cpu = 1 };
        offset += ConnectorDatagram.Write(buffer.AsSpan(offset), proc, default, 3, 0);
        offset = Netlink.Align(offset);
        offset += ConnectorDatagram.Write(buffer.AsSpan(offset), new Checked { Ready = true }, [1, 2, 3], 4, 0);
        offset = Netlink.Align(offset);
        offset += ConnectorDatagram.Write(buffer.AsSpan(offset), new Outer.Middle.Nested { Value = 5 }, new byte[40], 5, 0);
        return buffer[..offset];
    }

    private static readonly Gen<byte[]> RandomBytes = Gen.Byte.Array[0, 400];

    // A valid datagram with a few bytes changed, cut short, or extended with noise.
    private static readonly Gen<byte[]> Mutated =
        Gen.Select(Gen.Int[0, 8], Gen.Int[0, 4096], Gen.Byte, Gen.Int[-40, 40], Gen.Byte.Array[0, 40], Mutate);

    private static byte[] Mutate(int flips, int seed, byte value, int cut, byte[] tail)
    {
        var bytes = ValidDatagram();
        var rng = new Random(seed);
        for (var i = 0; i < flips; i++)
        {
            bytes[rng.Next(bytes.Length)] = i == 0 ? value : (byte)rng.Next(256);
        }

        var length = Math.Clamp(bytes.Length + cut, 0, bytes.Length);
        return [.. bytes.AsSpan(0, length), .. (cut > 0 ? tail : [])];
    }

    [Fact]
    public void Random_bytes_are_dispatched_or_counted_never_thrown() => Check(RandomBytes, 200_000);

    [Fact]
    public void Mutated_datagrams_are_dispatched_or_counted_never_thrown() => Check(Mutated, 200_000);

    private static void Check(Gen<byte[]> datagrams, long iterations)
    {
        var router = new ConnectorRouter();
        var handlers = new BoundsCheckingHandlers();
        router.Add((in ConnectorMessage<Probe> m) => BoundsCheckingHandlers.Inside(in m.Value, m.Trailing));
        router.Add((in ConnectorMessage<ProcEvent> m) => BoundsCheckingHandlers.Inside(in m.Value, m.Trailing));

        datagrams.Sample(bytes =>
        {
            BoundsCheckingHandlers.Current = bytes;
            var messages = 0;
            var reader = new ConnectorDatagramReader(bytes, 0);
            while (reader.Read(out var message, out var status))
            {
                if (status == DatagramStatus.Message)
                {
                    messages++;
                    Assert.True(message.Payload.Length <= bytes.Length - Connector.PayloadOffset);
                }
            }

            var routed = router.Dispatch(bytes, 0);
            var generated = handlers.Dispatch(bytes, 0);
            Assert.Equal(messages, routed.Dispatched + routed.Unrouted + routed.Invalid);
            Assert.Equal(messages, generated.Dispatched + generated.Unrouted + generated.Invalid);
            Assert.Equal(routed.Malformed, generated.Malformed);
        }, iter: iterations, threads: 1);
    }
}

/// <summary>A generated handler whose callbacks check that what they were handed lies inside the datagram.</summary>
public sealed partial class BoundsCheckingHandlers
{
    [ThreadStatic]
    internal static byte[]? Current;

    internal static void Inside<T>(in T value, ReadOnlySpan<byte> trailing)
        where T : unmanaged
    {
        var buffer = Current!;
        ref var start = ref buffer[0];
        var offset = (long)Unsafe.ByteOffset(ref start, ref Unsafe.As<T, byte>(ref Unsafe.AsRef(in value)));
        Assert.InRange(offset, 0, buffer.Length - Unsafe.SizeOf<T>());
        if (!trailing.IsEmpty)
        {
            var trailingOffset = (long)Unsafe.ByteOffset(ref start, ref Unsafe.AsRef(in trailing[0]));
            Assert.InRange(trailingOffset + trailing.Length, 0, buffer.Length);
        }
    }

    [ConnectorCallback]
    private static void OnChecked(in ConnectorMessage<Checked> m) => Inside(in m.Value, m.Trailing);

    [ConnectorCallback]
    private static void OnNested(in ConnectorMessage<Outer.Middle.Nested> m) => Inside(in m.Value, m.Trailing);

    [ConnectorCallback]
    private static void OnProc(in ConnectorMessage<ProcEvent> m) => Inside(in m.Value, m.Trailing);
}
