using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KernelConnector.Tests.Generated;

// These messages exercise what two warnings are about: bool fields, which the generated code must
// check on every read (KC0007), and structs without [StructLayout], as many users write them (KC0010).
#pragma warning disable KC0007, KC0010

// The example, exactly as a user writes it: C pads 4 bytes after Kind too, which KC0008 points out.
#pragma warning disable KC0008
[ConnectorMessage(20, 7)]
[StructLayout(LayoutKind.Sequential)]
public partial struct Probe
{
    public uint Kind;
    public ulong Stamp;
    public ushort Port;
    public byte Flags;
    public byte Pad;
    public Int4 Values;
    public Name12 Name;
}
#pragma warning restore KC0008

[InlineArray(4)]
public struct Int4
{
    private int _element;
}

[InlineArray(12)]
public struct Name12
{
    private byte _element;
}

[ClosedEnum]
public enum Mode : byte
{
    Off = 0,
    On = 1,
    Auto = 7,
}

public enum OpenKind : ushort
{
    A = 1,
}

public struct Inner
{
    public bool Enabled;
    public byte Level;
}

[InlineArray(3)]
public struct ThreeBools
{
    private bool _element;
}

/// <summary>Fields that zero-copy cannot trust: bools (at any depth, in arrays) and a closed enum.</summary>
[ConnectorMessage(20, 8, MaxTrailingBytes = 32)]
[StructLayout(LayoutKind.Sequential)]
public partial struct Checked
{
    public bool Ready;
    public Mode Mode;
    public OpenKind Kind;
    public Inner Inner;
    public ThreeBools Bits;
    public byte Reserved;
}

/// <summary>A closed enum chosen per field rather than per type.</summary>
[ConnectorMessage(20, 9)]
public partial record struct PerField
{
    [ClosedEnum]
    public OpenKind Kind;
    public ushort Value;
}

/// <summary>A C union like struct proc_event: a header, then arms overlaying the same bytes.</summary>
[ConnectorMessage(20, 10, Group = 3)]
[StructLayout(LayoutKind.Explicit, Size = 24)]
public partial struct Union
{
    [FieldOffset(0)]
    public uint What;

    [FieldOffset(4)]
    [SequenceKey]
    public uint Cpu;

    [FieldOffset(8)]
    public ulong Stamp;

    [FieldOffset(16)]
    public ArmA A;

    [FieldOffset(16)]
    public ArmB B;
}

public struct ArmA
{
    public int Pid;
    public int Tgid;
}

public struct ArmB
{
    public ulong Both;
}

public static partial class Outer
{
    public partial class Middle
    {
        /// <summary>Nested in partial types, in a namespace.</summary>
        [ConnectorMessage(21, 1, MaxTrailingBytes = 1024)]
        public partial struct Nested
        {
            public uint Value;
        }
    }
}

/// <summary>A fixed buffer of bools, as C code would declare an array.</summary>
[ConnectorMessage(21, 2)]
public unsafe partial struct WithFixed
{
    public fixed bool Flags[4];
    public uint Count;
}
