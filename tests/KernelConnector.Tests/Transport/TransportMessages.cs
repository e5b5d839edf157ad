using System.Runtime.InteropServices;

namespace KernelConnector.Tests.Transport;

[ConnectorMessage(40, 1, Group = 24, MaxTrailingBytes = 256)]
[StructLayout(LayoutKind.Sequential)]
public partial struct Ping
{
    public uint Number;
    public uint Value;
}

[ConnectorMessage(40, 2, UnicastOnly = true, MaxTrailingBytes = 256)]
[StructLayout(LayoutKind.Sequential)]
public partial struct Pong
{
    public uint Number;
    public uint Value;
}

// Deliberately claims the kernel's process-event id, to test the spoofing guard (KC0016 says why not to).
#pragma warning disable KC0016

/// <summary>A userspace message that claims the kernel's process-event id.</summary>
[ConnectorMessage(1, 1, Direction = ConnectorDirection.SendOnly, Group = 26)]
[StructLayout(LayoutKind.Sequential, Size = 40)]
public partial struct FakeProcEvent
{
    public uint What;
}
#pragma warning restore KC0016

/// <summary>A message numbered per key, as the kernel numbers process events per CPU.</summary>
[ConnectorMessage(40, 3, UnicastOnly = true)]
[StructLayout(LayoutKind.Sequential)]
public partial struct Tick
{
    public uint Number;

    [SequenceKey]
    public uint Key;
}

/// <summary>A generated handler class for <see cref="Tick"/>, beside the router the contract tests use.</summary>
public sealed partial class TickHandlers
{
    public System.Collections.Concurrent.ConcurrentQueue<(uint Key, uint Seq)> Ticks { get; } = new();

    [ConnectorCallback]
    private void OnTick(in ReceivedConnectorMessage<Tick> message) => Ticks.Enqueue((message.Value.Key, message.Seq));
}

/// <summary>A message without fields: a bare cn_msg, 0 bytes of payload.</summary>
[ConnectorMessage(40, 4, UnicastOnly = true)]
[StructLayout(LayoutKind.Sequential)]
public partial struct Nudge
{
}

/// <summary>Without fields, with room for trailing bytes: the payload is the trailing bytes alone.</summary>
[ConnectorMessage(40, 5, UnicastOnly = true, MaxTrailingBytes = 16)]
[StructLayout(LayoutKind.Sequential)]
public partial struct Bare
{
}

/// <summary>A generated handler class for the field-less messages, beside the router the contract tests use.</summary>
public sealed partial class FieldlessHandlers
{
    public System.Collections.Concurrent.ConcurrentQueue<(string Type, uint Seq, byte[] Trailing)> Received { get; } = new();

    [ConnectorCallback]
    private void OnNudge(in ReceivedConnectorMessage<Nudge> message) => Received.Enqueue((nameof(Nudge), message.Seq, message.Trailing.ToArray()));

    [ConnectorCallback]
    private void OnBare(in ReceivedConnectorMessage<Bare> message) => Received.Enqueue((nameof(Bare), message.Seq, message.Trailing.ToArray()));
}
