using System.Runtime.InteropServices;
using KernelConnector.Records;

namespace KernelConnector.Tests.Records;

/// <summary>A netlink attribute header (<c>struct nlattr</c>): the length counts the header, records are 4-aligned.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct AttributeHeader : IRecordHeader<AttributeHeader>
{
    public ushort Length;
    public ushort Type;

    public static int MaxBodyLength => ushort.MaxValue - 4;

    public static int Alignment => 4;

    // A length smaller than the header itself (0 included) cannot be right.
    public readonly int BodyLength => Length - 4;

    public readonly AttributeHeader WithBodyLength(int bodyLength) => this with { Length = (ushort)(bodyLength + 4) };
}
