using System;
using KernelConnector.W1;
using Xunit;

namespace KernelConnector.Tests.W1;

/// <summary>ROM ids: the byte layout, the sysfs name and the Dallas/Maxim CRC-8.</summary>
public sealed class W1SlaveIdTests
{
    // The worked example of Maxim's application note 27 ("Understanding and using cyclic
    // redundancy checks with Maxim 1-Wire and iButton products"): family 02, serial
    // 00 00 00 01 B8 1C, CRC A2, as the eight bytes read from the device.
    private static readonly byte[] AppNote27 = [0x02, 0x1C, 0xB8, 0x01, 0x00, 0x00, 0x00, 0xA2];

    [Fact]
    public void The_application_note_example_reads_and_checks()
    {
        var id = W1SlaveId.Read(AppNote27);

        Assert.Equal((0x02, 0x0000_0001_B81CUL, 0xA2), (id.Family, id.Serial, id.Crc));
        Assert.True(id.HasValidCrc);
        Assert.Equal("02-00000001b81c", id.ToString());
    }

    [Fact]
    public void Create_computes_the_crc_the_device_reports()
    {
        var id = W1SlaveId.Create(0x02, 0x0000_0001_B81C);
        var bytes = new byte[8];
        id.Write(bytes);

        Assert.Equal(AppNote27, bytes);
        Assert.Equal(W1SlaveId.Read(AppNote27), id);
    }

    [Fact]
    public void A_changed_byte_breaks_the_crc()
    {
        for (var i = 0; i < 8; i++)
        {
            var bytes = (byte[])AppNote27.Clone();
            bytes[i] ^= 0x10;
            Assert.False(W1SlaveId.Read(bytes).HasValidCrc, $"byte {i}");
        }
    }

    [Fact]
    public void A_serial_over_48_bits_is_refused()
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => W1SlaveId.Create(0x28, 1UL << 48));
        Assert.Equal("serial", refused.ParamName);
    }
}
