using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;

namespace KernelConnector.W1;

/// <summary>
/// A 1-Wire slave's 64-bit ROM id (<c>struct w1_reg_num</c>, <c>__u8 id[8]</c> on the wire): the
/// family code in the first byte, a 48-bit serial number in the next six, and a CRC-8 of those
/// seven in the last. The kernel sends ids in host order, which is this layout on the
/// little-endian machines .NET runs on.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct W1SlaveId : IEquatable<W1SlaveId>
{
    // Two 4-byte halves, not one ulong: in w1_netlink_msg the id sits at offset 4, and a ulong
    // field would give the C# struct 8-byte alignment and a size C does not have.
    private readonly uint _low;
    private readonly uint _high;

    /// <summary>The id whose eight bytes, read as a little-endian <see cref="ulong"/>, are <paramref name="value"/>.</summary>
    public W1SlaveId(ulong value)
    {
        _low = (uint)value;
        _high = (uint)(value >> 32);
    }

    /// <summary>The eight bytes as a little-endian number (family code in the low byte).</summary>
    public ulong Value => ((ulong)_high << 32) | _low;

    /// <summary>The family code: the kind of device (0x28 a DS18B20 thermometer, 0x10 a DS18S20, …).</summary>
    public byte Family => (byte)Value;

    /// <summary>The 48-bit serial number.</summary>
    public ulong Serial => (Value >> 8) & 0xFFFF_FFFF_FFFF;

    /// <summary>The CRC byte the device reports.</summary>
    public byte Crc => (byte)(Value >> 56);

    /// <summary>Whether <see cref="Crc"/> is the CRC-8 of the other seven bytes, as on every genuine device.</summary>
    public bool HasValidCrc => Crc8(Value, 7) == Crc;

    /// <summary>An id with a family code, a serial number and the CRC a device would report for them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The serial number needs more than 48 bits.</exception>
    public static W1SlaveId Create(byte family, ulong serial)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 0xFFFF_FFFF_FFFFUL);
        var value = family | (serial << 8);
        return new W1SlaveId(value | ((ulong)Crc8(value, 7) << 56));
    }

    /// <summary>Reads an id from its eight bytes on the wire.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than eight bytes.</exception>
    public static W1SlaveId Read(ReadOnlySpan<byte> bytes) => new(BinaryPrimitives.ReadUInt64LittleEndian(bytes));

    /// <summary>Writes the id's eight bytes as the kernel expects them.</summary>
    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt64LittleEndian(destination, Value);

    /// <summary>The id as sysfs names the device: family and serial in hex, <c>28-00000a1b2c3d</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Family:x2}-{Serial:x12}");

    /// <inheritdoc />
    public bool Equals(W1SlaveId other) => Value == other.Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is W1SlaveId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Whether two ids are the same.</summary>
    public static bool operator ==(W1SlaveId left, W1SlaveId right) => left.Equals(right);

    /// <summary>Whether two ids differ.</summary>
    public static bool operator !=(W1SlaveId left, W1SlaveId right) => !left.Equals(right);

    // The Dallas/Maxim CRC-8 (x^8 + x^5 + x^4 + 1, bits least significant first), over the low
    // `count` bytes of `value`.
    private static byte Crc8(ulong value, int count)
    {
        var crc = 0;
        for (var i = 0; i < count; i++)
        {
            crc ^= (int)(value >> (8 * i)) & 0xFF;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x8C : crc >> 1;
            }
        }

        return (byte)crc;
    }
}
