using System.Runtime.InteropServices;
using KernelConnector.Records;
using KernelConnector.Wire;

namespace KernelConnector.W1;

/// <summary>
/// <c>struct w1_netlink_msg</c> of the kernel's <c>drivers/w1/w1_netlink.h</c> (not a uapi
/// header; the layout is the one Documentation/w1/w1-netlink.rst describes): 12 bytes, then
/// <see cref="Length"/> bytes of data. A w1 connector payload is one or more of these, each
/// followed by its data; for master and slave commands the data is a sequence of
/// <see cref="W1NetlinkCommand"/> records.
/// </summary>
/// <remarks>
/// As a connector message its fixed part is the first header and its trailing bytes everything
/// after it: walk the whole payload with <see cref="RecordSequence.Of{T}(in ReceivedConnectorMessage{T})"/>
/// and build one with <see cref="RecordWriter"/> and <see cref="W1Payload.Send"/>.
/// </remarks>
[ConnectorMessage(3, 1, MaxTrailingBytes = Connector.MaxPayloadSize - 12)]
[StructLayout(LayoutKind.Explicit, Size = 12)]
public partial struct W1NetlinkMessage : IRecordHeader<W1NetlinkMessage>
{
    /// <summary><c>type</c>.</summary>
    [FieldOffset(0)]
    public W1MessageType Type;

    /// <summary><c>status</c>: in a reply, 0 or the positive errno of the failure (255 for a reset that found no device).</summary>
    [FieldOffset(1)]
    public byte Status;

    /// <summary><c>len</c>: how many bytes of data follow this header.</summary>
    [FieldOffset(2)]
    public ushort Length;

    /// <summary><c>id.id</c>: the slave, for <see cref="W1MessageType.SlaveCommand"/> and the slave events.</summary>
    [FieldOffset(4)]
    public W1SlaveId Slave;

    /// <summary><c>id.mst</c>: the bus master, for <see cref="W1MessageType.MasterCommand"/> and the master events.</summary>
    [FieldOffset(4)]
    public W1MasterAddress Master;

    /// <inheritdoc />
    public static int MaxBodyLength => ushort.MaxValue;

    /// <inheritdoc />
    public readonly int BodyLength => Length;

    /// <summary>A message for a bus master: <see cref="W1MessageType.MasterCommand"/>, or an event.</summary>
    public static W1NetlinkMessage ForMaster(uint masterId, W1MessageType type = W1MessageType.MasterCommand) =>
        new() { Type = type, Master = new W1MasterAddress { Id = masterId } };

    /// <summary>A message for a slave: <see cref="W1MessageType.SlaveCommand"/>, or an event.</summary>
    public static W1NetlinkMessage ForSlave(W1SlaveId slave, W1MessageType type = W1MessageType.SlaveCommand) =>
        new() { Type = type, Slave = slave };

    /// <inheritdoc />
    public readonly W1NetlinkMessage WithBodyLength(int bodyLength)
    {
        var copy = this;
        copy.Length = W1Length.From(bodyLength);
        return copy;
    }
}
