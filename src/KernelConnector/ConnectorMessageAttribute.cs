using System;

namespace KernelConnector;

/// <summary>
/// Declares a struct as the payload of connector messages with the callback id
/// <c>{<paramref name="idx"/>, <paramref name="val"/>}</c>. The KernelConnector source generator
/// implements <see cref="IConnectorMessage{TSelf}"/> on the struct, which must be <c>partial</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class ConnectorMessageAttribute(uint idx, uint val) : Attribute
{
    private uint? _group;

    /// <summary>The <c>cb_id.idx</c> of the message.</summary>
    public uint Idx { get; } = idx;

    /// <summary>The <c>cb_id.val</c> of the message.</summary>
    public uint Val { get; } = val;

    /// <summary>
    /// The multicast group a listener joins to receive this message. Defaults to <see cref="Idx"/>,
    /// as the kernel connector assigns. Linux can join groups 1 to 32 only.
    /// </summary>
    public uint Group
    {
        get => _group ?? Idx;
        set => _group = value;
    }

    /// <summary>
    /// How many variable-length bytes may follow the fixed part of the payload, like C's
    /// <c>__u8 data[]</c>. Defaults to 0.
    /// </summary>
    public int MaxTrailingBytes { get; set; }

    /// <summary>
    /// Says that the message is only ever sent to a port id (unicast), never multicast, so that
    /// a <see cref="Group"/> Linux cannot join is not a mistake.
    /// </summary>
    public bool UnicastOnly { get; set; }

    /// <summary>
    /// Which way the message travels. Defaults to <see cref="ConnectorDirection.Both"/>. A protocol
    /// may send several payload shapes under one id (the kernel's process-event connector takes a
    /// 4-byte operation or an 8-byte <c>proc_input</c> under <c>{1, 1}</c> and answers with
    /// <c>proc_event</c>): declare such request types <see cref="ConnectorDirection.SendOnly"/>, so
    /// that only the types that can be received must have an id of their own.
    /// </summary>
    public ConnectorDirection Direction { get; set; }
}
