using System;
using KernelConnector.Wire;

namespace KernelConnector.DeviceMapper;

/// <summary>The constants and limits of device-mapper's userspace log protocol, as the kernel's <c>dm-log-userspace-transfer.c</c> sets them.</summary>
public static class DmUlog
{
    /// <summary><c>DM_ULOG_REQUEST_VERSION</c>: 3 (integrated flush).</summary>
    public const uint RequestVersion = 3;

    /// <summary><c>DM_ULOG_REQUEST_MASK</c>: the bits of <c>request_type</c> that are the type.</summary>
    public const uint RequestMask = 0xFF;

    /// <summary><c>DM_UUID_LEN</c>: 129, a NUL-terminated uuid of at most 128 characters.</summary>
    public const int UuidLength = 129;

    /// <summary><c>DM_NAME_LEN</c>: 128, the room the kernel gives a constructor's device name.</summary>
    public const int NameLength = 128;

    /// <summary><c>sizeof(struct dm_ulog_request)</c>: 160.</summary>
    public const int RequestSize = 160;

    /// <summary><c>DM_ULOG_PREALLOCED_SIZE</c>: the kernel sends every request from one 512-byte buffer, <c>cn_msg</c> included.</summary>
    public const int PreallocatedSize = 512;

    /// <summary>The most data a request from the kernel carries: 512 − 20 (<c>cn_msg</c>) − 160 = 332 bytes; larger requests fail in the kernel with <c>EINVAL</c>.</summary>
    public const int MaxRequestData = PreallocatedSize - Connector.HeaderSize - RequestSize;

    /// <summary>The most data a reply can carry in one connector message: 16364 − 160 = 16204 bytes.</summary>
    public const int MaxReplyData = Connector.MaxPayloadSize - RequestSize;

    /// <summary><c>MAX_FLUSH_GROUP_COUNT</c>: the kernel sends marks and clears in groups of at most 32 regions.</summary>
    public const int MaxFlushGroup = 32;

    /// <summary><c>DM_ULOG_RETRY_TIMEOUT</c>: a request without a reply is sent again, with a new seq, after 15 seconds.</summary>
    public static TimeSpan RetryTimeout { get; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How many bytes of reply data the kernel has room for, per request type: a reply with more is
    /// refused with <c>ENOSPC</c> (so every request that expects nothing back refuses any data).
    /// <paramref name="statusLength"/> is the room device-mapper gives a status line.
    /// </summary>
    public static int ReplyCapacity(DmUlogRequestType type, int statusLength) => type switch
    {
        DmUlogRequestType.Ctr => NameLength,
        DmUlogRequestType.GetRegionSize or DmUlogRequestType.IsClean or DmUlogRequestType.InSync or DmUlogRequestType.GetSyncCount => sizeof(ulong),
        DmUlogRequestType.GetResyncWork or DmUlogRequestType.IsRemoteRecovering => 2 * sizeof(ulong),
        DmUlogRequestType.StatusInfo or DmUlogRequestType.StatusTable => statusLength,
        _ => 0,
    };
}
