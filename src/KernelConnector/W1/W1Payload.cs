using System;
using System.Runtime.InteropServices;
using KernelConnector.Testing;

namespace KernelConnector.W1;

/// <summary>
/// Sends a whole w1 payload (one or more <see cref="W1NetlinkMessage"/> records, as a
/// <see cref="Records.RecordWriter"/> builds them) as one connector message: its first 12 bytes
/// are the message's fixed part, the rest its trailing bytes.
/// </summary>
public static class W1Payload
{
    /// <summary>Sends <paramref name="payload"/> to the kernel's w1 connector (or to <paramref name="to"/>); returns the sequence number it went with.</summary>
    /// <exception cref="ArgumentException">The payload is shorter than one <c>w1_netlink_msg</c>.</exception>
    public static uint Send(IConnectorEndpoint endpoint, ReadOnlySpan<byte> payload, ConnectorAddress? to = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var first = First(payload);
        return endpoint.Send(in first, to ?? ConnectorAddress.Kernel, payload[W1NetlinkMessage.Size..]);
    }

    /// <summary>
    /// Sends <paramref name="payload"/> to the kernel with a sequence and acknowledgement number of
    /// the caller's choosing, so that the kernel's replies (which carry the request's seq) can be
    /// awaited before the request goes out. The endpoint's <c>Reply</c> is the call that sends
    /// with a chosen seq and ack; it sends <paramref name="ack"/> as given.
    /// </summary>
    internal static void SendAs(IConnectorEndpoint endpoint, ReadOnlySpan<byte> payload, uint seq, uint ack)
    {
        var first = First(payload);
        endpoint.Reply(in first, ConnectorAddress.Kernel, seq, unchecked(ack - 1), payload[W1NetlinkMessage.Size..]);
    }

    /// <summary>Sends a w1 payload from the in-memory kernel (port 0).</summary>
    internal static void SendFromKernel(InMemoryConnector connector, ReadOnlySpan<byte> payload, ConnectorAddress to, uint seq, uint ack)
    {
        var first = First(payload);
        connector.SendFromKernel(in first, to, seq, ack, payload[W1NetlinkMessage.Size..]);
    }

    private static W1NetlinkMessage First(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < W1NetlinkMessage.Size)
        {
            throw new ArgumentException($"A w1 payload starts with a {W1NetlinkMessage.Size}-byte w1_netlink_msg; this one has {payload.Length} bytes.", nameof(payload));
        }

        return MemoryMarshal.Read<W1NetlinkMessage>(payload);
    }
}
