using System;
using CsCheck;
using KernelConnector.ProcessEvents;
using KernelConnector.Tests.Generated;
using KernelConnector.Tests.Shared;
using KernelConnector.Wire;
using Xunit;

namespace KernelConnector.Tests.Robustness;

/// <summary>
/// Hundreds of thousands of random and mutated datagrams thrown at the parser, the router and a
/// generated handler, checked against the independent model of <see cref="ReceivePathCheck"/>:
/// nothing escapes, the reader finds what the model finds, each message gets the outcome the model
/// gives it (dispatched, unrouted or invalid), callbacks run once per dispatched message with valid
/// values, and every view a callback gets lies inside the received bytes.
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
    public void Random_bytes_are_dispatched_or_counted_never_thrown() => Check(RandomBytes, 200_000, everyOutcome: false);

    [Fact]
    public void Mutated_datagrams_are_dispatched_or_counted_never_thrown() => Check(Mutated, 200_000, everyOutcome: true);

    /// <summary>The four types of the valid datagram, routed by a router and by <see cref="BoundsCheckingHandlers"/>, with the values each allows.</summary>
    internal static ReceivePathCheck CreateCheck() => new ReceivePathCheck()
        .Expect<Probe>(_ => true)
        .Expect<ProcEvent>(_ => true)
        .Expect<Checked>(c =>
            ReceivePathCheck.IsBool(in c.Ready) && ReceivePathCheck.IsDeclared(c.Mode) && ReceivePathCheck.IsBool(in c.Inner.Enabled)
            && ReceivePathCheck.IsBool(in c.Bits[0]) && ReceivePathCheck.IsBool(in c.Bits[1]) && ReceivePathCheck.IsBool(in c.Bits[2]))
        .Expect<Outer.Middle.Nested>(_ => true);

    private static void Check(Gen<byte[]> datagrams, long iterations, bool everyOutcome)
    {
        var check = CreateCheck();
        var handlers = new BoundsCheckingHandlers();
        var outcomes = new int[3];
        datagrams.Sample(bytes =>
        {
            check.Run(bytes, d =>
            {
                var summary = handlers.Dispatch(d, 7);
                outcomes[0] += (int)summary.Dispatched;
                outcomes[1] += (int)summary.Unrouted;
                outcomes[2] += (int)summary.Invalid;
                return summary;
            });
        }, iter: iterations, threads: 1);

        // Mutated datagrams reach every outcome, so each is compared with the model (random bytes
        // rarely form a message at all: they exercise the malformed paths).
        if (everyOutcome)
        {
            Assert.All(outcomes, n => Assert.True(n > 0, $"dispatched/unrouted/invalid: {string.Join("/", outcomes)}"));
        }
    }
}

/// <summary>A generated handler for the property tests' four types; every callback goes through the shared checks.</summary>
public sealed partial class BoundsCheckingHandlers
{
    [ConnectorCallback]
    private static void OnProbe(in ReceivedConnectorMessage<Probe> m) => ReceivePathCheck.Received(in m);

    [ConnectorCallback]
    private static void OnChecked(in ReceivedConnectorMessage<Checked> m) => ReceivePathCheck.Received(in m);

    [ConnectorCallback]
    private static void OnNested(in ReceivedConnectorMessage<Outer.Middle.Nested> m) => ReceivePathCheck.Received(in m);

    [ConnectorCallback]
    private static void OnProc(in ReceivedConnectorMessage<ProcEvent> m) => ReceivePathCheck.Received(in m);
}
