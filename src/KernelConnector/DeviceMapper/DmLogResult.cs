using System;
using System.Runtime.InteropServices;
using System.Text;

namespace KernelConnector.DeviceMapper;

/// <summary>
/// What a log daemon answers one request with: an error (0 for success) and the data the request
/// type returns, in the kernel's format. Build it with the factory for the request's type.
/// </summary>
public readonly struct DmLogResult
{
    private readonly byte[]? _data;

    private DmLogResult(int error, byte[]? data)
    {
        Error = error;
        _data = data;
    }

    /// <summary>Success without data (ctr without a device, dtr, suspend, resume, flush, mark, clear, set_region_sync).</summary>
    public static DmLogResult Success => default;

    /// <summary>The reply's <c>error</c>: 0, or a negative errno.</summary>
    public int Error { get; }

    /// <summary>The reply's data.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>A failure: <paramref name="errno"/> is a positive errno (<c>EIO</c> = 5), sent as its negative. <c>EAGAIN</c> (11) makes the kernel send the request again.</summary>
    public static DmLogResult Failure(int errno)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(errno);
        return new DmLogResult(-errno, null);
    }

    /// <summary><see cref="DmUlogRequestType.GetRegionSize"/>: the region size in sectors (a <c>__u64</c>; the kernel keeps 32 bits).</summary>
    public static DmLogResult RegionSize(ulong sectors) => Int64((long)sectors);

    /// <summary><see cref="DmUlogRequestType.IsClean"/> or <see cref="DmUlogRequestType.InSync"/>: a <c>__s64</c> 1 or 0.</summary>
    public static DmLogResult Boolean(bool value) => Int64(value ? 1 : 0);

    /// <summary><see cref="DmUlogRequestType.GetSyncCount"/>: the number of regions in sync.</summary>
    public static DmLogResult SyncCount(ulong regions) => Int64((long)regions);

    /// <summary><see cref="DmUlogRequestType.GetResyncWork"/>: the region to recover, or <see langword="null"/> when there is none.</summary>
    public static DmLogResult ResyncWork(ulong? region) => Pair(region is null ? 0 : 1, region ?? 0);

    /// <summary><see cref="DmUlogRequestType.IsRemoteRecovering"/>: whether another node recovers the region, and the lowest region still to resync.</summary>
    public static DmLogResult RemoteRecovering(bool recovering, ulong inSyncHint) => Pair(recovering ? 1 : 0, inSyncHint);

    /// <summary><see cref="DmUlogRequestType.Ctr"/>: the log device for device-mapper to open (<c>major:minor</c> or a path), NUL-terminated as the kernel requires; <see langword="null"/> for none.</summary>
    public static DmLogResult Device(string? name) => name is null ? Success : Text(name);

    /// <summary><see cref="DmUlogRequestType.StatusInfo"/> or <see cref="DmUlogRequestType.StatusTable"/>: the status text, NUL-terminated.</summary>
    public static DmLogResult Status(string text) => Text(text);

    /// <summary>Any data, as it is.</summary>
    public static DmLogResult Raw(ReadOnlySpan<byte> data, int error = 0) => new(error, data.ToArray());

    private static DmLogResult Int64(long value)
    {
        var data = new byte[sizeof(long)];
        MemoryMarshal.Write(data, in value);
        return new DmLogResult(0, data);
    }

    private static DmLogResult Pair(long first, ulong second)
    {
        var data = new byte[2 * sizeof(long)];
        MemoryMarshal.Write(data, in first);
        MemoryMarshal.Write(data.AsSpan(sizeof(long)), in second);
        return new DmLogResult(0, data);
    }

    private static DmLogResult Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var data = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, data);
        return new DmLogResult(0, data);
    }
}
