using System;

namespace KernelConnector.Tests.W1;

/// <summary>One w1 message received: its <c>cn_msg</c> seq and ack, its sender, and its payload in hex.</summary>
internal sealed record W1Reply(uint Seq, uint Ack, uint PortId, byte[] Payload)
{
    public string Hex => Convert.ToHexString(Payload);

    public override string ToString() => $"seq {Seq} ack {Ack} from {PortId}: {Hex}";
}
