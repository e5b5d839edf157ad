using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KernelConnector.Records;

namespace KernelConnector.W1;

/// <summary>
/// <c>struct w1_netlink_cmd</c>: 4 bytes, then <see cref="Length"/> bytes of data. The commands of
/// a master or slave message follow each other, packed, in its data.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct W1NetlinkCommand : IRecordHeader<W1NetlinkCommand>
{
    /// <summary><c>cmd</c>.</summary>
    public W1Command Command;

    /// <summary><c>res</c>: reserved.</summary>
    public byte Reserved;

    /// <summary><c>len</c>: how many bytes of data follow this header.</summary>
    public ushort Length;

    /// <summary><c>sizeof(struct w1_netlink_cmd)</c>: 4.</summary>
    public static int Size => Unsafe.SizeOf<W1NetlinkCommand>();

    /// <inheritdoc />
    public static int MaxBodyLength => ushort.MaxValue;

    /// <inheritdoc />
    public readonly int BodyLength => Length;

    /// <summary>A command header (its length is set when it is written).</summary>
    public static W1NetlinkCommand For(W1Command command) => new() { Command = command };

    /// <inheritdoc />
    public readonly W1NetlinkCommand WithBodyLength(int bodyLength)
    {
        var copy = this;
        copy.Length = W1Length.From(bodyLength);
        return copy;
    }
}
