using System;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace KernelConnector.DeviceMapper;

/// <summary>
/// One request from the kernel, as a log daemon's handler sees it: its header and its data, with
/// the data read as the request type carries it. A reader that does not fit the request's type or
/// data throws <see cref="DmLogFormatException"/>, which <see cref="DmLogDaemon"/> answers with
/// <c>-EINVAL</c>. Valid only during the handler.
/// </summary>
public readonly ref struct DmLogRequest
{
    internal DmLogRequest(in DmUlogRequest header, ReadOnlySpan<byte> data)
    {
        Header = header;
        Data = data;
    }

    /// <summary>The request's <c>struct dm_ulog_request</c>.</summary>
    public DmUlogRequest Header { get; }

    /// <summary>The request's <c>data_size</c> bytes of data.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>What the kernel asks.</summary>
    public DmUlogRequestType Type => Header.Type;

    /// <summary>The log's uuid.</summary>
    public string Uuid => Header.Uuid.ToString();

    /// <summary>The kernel's local id of the log.</summary>
    public ulong Luid => Header.Luid;

    /// <summary>The request's sequence number.</summary>
    public uint Seq => Header.Seq;

    /// <summary>
    /// <see cref="DmUlogRequestType.Ctr"/>'s text: the target's length in sectors, then the log's
    /// table arguments after the uuid (and after <c>integrated_flush</c>), separated by spaces.
    /// The kernel sends it without a NUL, except when it re-creates a log after a daemon restart.
    /// </summary>
    public string Arguments
    {
        get
        {
            Expect(DmUlogRequestType.Ctr, DmUlogRequestType.Dtr);
            return Encoding.UTF8.GetString(CString.UpToNul(Data));
        }
    }

    /// <summary>The region of <see cref="DmUlogRequestType.IsClean"/>, <see cref="DmUlogRequestType.InSync"/> and <see cref="DmUlogRequestType.IsRemoteRecovering"/>.</summary>
    public ulong Region
    {
        get
        {
            Expect(DmUlogRequestType.IsClean, DmUlogRequestType.InSync, DmUlogRequestType.IsRemoteRecovering);
            ExpectLength(sizeof(ulong));
            return MemoryMarshal.Read<ulong>(Data);
        }
    }

    /// <summary>The regions of <see cref="DmUlogRequestType.MarkRegion"/>, <see cref="DmUlogRequestType.ClearRegion"/> and an integrated <see cref="DmUlogRequestType.Flush"/> (none for a plain flush).</summary>
    public ulong[] Regions
    {
        get
        {
            Expect(DmUlogRequestType.MarkRegion, DmUlogRequestType.ClearRegion, DmUlogRequestType.Flush);
            if (Data.Length % sizeof(ulong) != 0)
            {
                throw new DmLogFormatException(string.Create(CultureInfo.InvariantCulture,
                    $"{Type} carries whole 8-byte regions, but this one has {Data.Length} bytes of data."));
            }

            var regions = new ulong[Data.Length / sizeof(ulong)];
            for (var i = 0; i < regions.Length; i++)
            {
                regions[i] = MemoryMarshal.Read<ulong>(Data[(i * sizeof(ulong))..]);
            }

            return regions;
        }
    }

    /// <summary><see cref="DmUlogRequestType.SetRegionSync"/>'s region and whether it is now in sync.</summary>
    public (ulong Region, bool InSync) RegionSync
    {
        get
        {
            Expect(DmUlogRequestType.SetRegionSync);
            ExpectLength(2 * sizeof(ulong));
            return (MemoryMarshal.Read<ulong>(Data), MemoryMarshal.Read<long>(Data[sizeof(ulong)..]) != 0);
        }
    }

    private void Expect(params ReadOnlySpan<DmUlogRequestType> types)
    {
        foreach (var type in types)
        {
            if (type == Type)
            {
                return;
            }
        }

        throw new DmLogFormatException($"A {Type} request does not carry that: it belongs to {string.Join(", ", types.ToArray())}.");
    }

    private void ExpectLength(int length)
    {
        if (Data.Length != length)
        {
            throw new DmLogFormatException(string.Create(CultureInfo.InvariantCulture,
                $"{Type} carries {length} bytes of data, but this one has {Data.Length}."));
        }
    }
}
