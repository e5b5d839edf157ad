using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KernelConnector;
using KernelConnector.ProcessEvents;
using SharpFuzz;

// The receive path under AFL++: every input is one datagram for the reader, the router and a
// generated handler class. `seeds DIR` writes the seed corpus instead.
if (args is ["seeds", var directory])
{
    Seeds.Write(directory);
    return;
}

// Instrumented code may run only inside the fuzzer's callback (before it, AFL++'s shared memory
// does not exist yet), so the router and handlers are made on the first input.
ConnectorRouter? router = null;
FuzzHandlers? handlers = null;
Fuzzer.OutOfProcess.Run(stream =>
{
    if (router is null)
    {
        router = new ConnectorRouter();
        router.Add((in ConnectorMessage<ProcEvent> m) => Bounds.Check(in m.Value, m.Trailing));
        router.Add((in ConnectorMessage<FuzzMessage> m) => Bounds.Check(in m.Value, m.Trailing));
        handlers = new FuzzHandlers();
    }

    using var memory = new MemoryStream();
    stream.CopyTo(memory);
    var bytes = memory.ToArray();
    Bounds.Current = bytes;
    ReadOnlySpan<byte> datagram = bytes;
    var reader = new ConnectorDatagramReader(datagram, 0);
    var messages = 0;
    while (reader.Read(out var message, out var status))
    {
        if (status == DatagramStatus.Message)
        {
            messages++;
            Bounds.Check(message.Payload);
        }
    }

    var routed = router.Dispatch(datagram, 0);
    var generated = handlers!.Dispatch(datagram, 0);
    if (routed.Dispatched + routed.Unrouted + routed.Invalid != messages
        || generated.Dispatched + generated.Unrouted + generated.Invalid != messages)
    {
        throw new InvalidOperationException("A message was neither dispatched nor counted.");
    }
});

/// <summary>A message with fields that need validation, and trailing bytes.</summary>
[ConnectorMessage(25, 1, MaxTrailingBytes = 64)]
[StructLayout(LayoutKind.Sequential)]
public partial struct FuzzMessage
{
    public uint Kind;
    public bool Ready;
    public FuzzMode Mode;
    public ushort Port;
}

[ClosedEnum]
public enum FuzzMode : byte
{
    Off,
    On,
}

public sealed partial class FuzzHandlers
{
    [ConnectorCallback]
    private static void OnProc(in ConnectorMessage<ProcEvent> m) => Bounds.Check(in m.Value, m.Trailing);

    [ConnectorCallback]
    private static void OnFuzz(in ConnectorMessage<FuzzMessage> m) => Bounds.Check(in m.Value, m.Trailing);
}

/// <summary>
/// The receive path reads headers through unchecked references: every view it hands out must lie
/// inside the datagram, or the fuzzer reports a crash (an over-read of the buffer's neighbour
/// would otherwise go unseen).
/// </summary>
internal static class Bounds
{
    public static byte[] Current = [];

    public static void Check<T>(in T value, ReadOnlySpan<byte> trailing)
        where T : unmanaged
    {
        Check(MemoryMarshal.CreateReadOnlySpan(in Unsafe.As<T, byte>(ref Unsafe.AsRef(in value)), Unsafe.SizeOf<T>()));
        Check(trailing);
    }

    public static void Check(ReadOnlySpan<byte> view)
    {
        if (view.IsEmpty)
        {
            return;
        }

        var offset = (long)Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(Current), ref MemoryMarshal.GetReference(view));
        if (offset < 0 || offset + view.Length > Current.Length)
        {
            throw new InvalidOperationException($"A view of {view.Length} bytes at offset {offset} lies outside the {Current.Length}-byte datagram.");
        }
    }
}

internal static class Seeds
{
    public static void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var buffer = new byte[1024];
        void Save(string name, int length) => File.WriteAllBytes(Path.Combine(directory, name), buffer[..length]);

        foreach (ProcEventKind kind in Enum.GetValues<ProcEventKind>())
        {
            var ev = new ProcEvent { What = kind, Cpu = 1, TimestampNs = 42 };
            ev.Exit.ProcessPid = 100;
            Save($"proc-{kind}".ToLowerInvariant(), ConnectorDatagram.Write(buffer, ev, default, 7, 0));
        }

        Save("fuzz-trailing", ConnectorDatagram.Write(buffer, new FuzzMessage { Kind = 1, Ready = true, Port = 80 }, "trailing bytes"u8, 1, 2));
        Save("unrouted", ConnectorDatagram.Write(buffer, new CbId(99, 9), 1, 2, [1, 2, 3]));

        // Several messages in one datagram, with alignment padding between them.
        var offset = ConnectorDatagram.Write(buffer, new FuzzMessage { Kind = 2 }, [9], 1, 0);
        offset = Netlink.Align(offset);
        offset += ConnectorDatagram.Write(buffer.AsSpan(offset), new ProcEvent { What = ProcEventKind.Fork }, default, 2, 0);
        offset = Netlink.Align(offset);
        offset += ConnectorDatagram.Write(buffer.AsSpan(offset), new CbId(3, 1), 3, 0, new byte[5]);
        Save("multi", offset);
    }
}
