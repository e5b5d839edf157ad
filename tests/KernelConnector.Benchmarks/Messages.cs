using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KernelConnector;

namespace KernelConnector.Benchmarks;

/// <summary>48 bytes: a u64 (8-aligned in C#, only 4-aligned in a datagram), explicit padding and fixed arrays.</summary>
[ConnectorMessage(30, 1)]
[StructLayout(LayoutKind.Sequential)]
public partial struct Sample48
{
    public uint Kind;
    public uint Reserved;
    public ulong Stamp;
    public ushort Port;
    public byte Flags;
    public byte Pad;
    public Int4 Values;
    public Bytes12 Name;
}

[InlineArray(4)]
public struct Int4
{
    private int _element;
}

[InlineArray(12)]
public struct Bytes12
{
    private byte _element;
}

/// <summary>A small fixed part followed by up to 1 KiB of trailing data, like C's <c>__u8 data[]</c>.</summary>
[ConnectorMessage(30, 2, MaxTrailingBytes = 1024)]
[StructLayout(LayoutKind.Sequential)]
public partial struct WithTrailing
{
    public uint Kind;
    public uint Length;
}

/// <summary>The classic interop way: a marshalled struct of the same 48 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Marshalled48
{
    public uint Kind;
    public uint Reserved;
    public ulong Stamp;
    public ushort Port;
    public byte Flags;
    public byte Pad;
    [MarshalAs(UnmanagedType.ByValArray, SizeConst = 4)]
    public int[] Values;
    [MarshalAs(UnmanagedType.ByValArray, SizeConst = 12)]
    public byte[] Name;
}
