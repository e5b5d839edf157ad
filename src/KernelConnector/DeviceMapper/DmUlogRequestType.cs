namespace KernelConnector.DeviceMapper;

/// <summary>
/// The request types of <c>&lt;linux/dm-log-userspace.h&gt;</c> (<c>DM_ULOG_*</c>): one per function
/// of device-mapper's dirty-log interface. Only the low 8 bits of <c>request_type</c> are the type
/// (<see cref="DmUlog.RequestMask"/>); the rest are reserved.
/// </summary>
public enum DmUlogRequestType : uint
{
    /// <summary><c>DM_ULOG_CTR</c>: create a log. Data in: the table arguments as text. Data out: the name of the log device, NUL-terminated, or nothing.</summary>
    Ctr = 1,

    /// <summary><c>DM_ULOG_DTR</c>: destroy the log. No data either way.</summary>
    Dtr = 2,

    /// <summary><c>DM_ULOG_PRESUSPEND</c>. No data.</summary>
    Presuspend = 3,

    /// <summary><c>DM_ULOG_POSTSUSPEND</c>. No data.</summary>
    Postsuspend = 4,

    /// <summary><c>DM_ULOG_RESUME</c>. No data.</summary>
    Resume = 5,

    /// <summary><c>DM_ULOG_GET_REGION_SIZE</c>. Data out: <c>__u64</c> region size in sectors.</summary>
    GetRegionSize = 6,

    /// <summary><c>DM_ULOG_IS_CLEAN</c>. Data in: <c>__u64</c> region. Data out: <c>__s64</c> 1 if clean, else 0.</summary>
    IsClean = 7,

    /// <summary><c>DM_ULOG_IN_SYNC</c>. Data in: <c>__u64</c> region. Data out: <c>__s64</c> 1 if in sync, else 0.</summary>
    InSync = 8,

    /// <summary><c>DM_ULOG_FLUSH</c>: commit. Data in: nothing, or with <c>integrated_flush</c> the <c>__u64</c> regions to mark.</summary>
    Flush = 9,

    /// <summary><c>DM_ULOG_MARK_REGION</c>. Data in: one or more <c>__u64</c> regions to mark dirty.</summary>
    MarkRegion = 10,

    /// <summary><c>DM_ULOG_CLEAR_REGION</c>. Data in: one or more <c>__u64</c> regions to mark clean.</summary>
    ClearRegion = 11,

    /// <summary><c>DM_ULOG_GET_RESYNC_WORK</c>. Data out: <c>{ __s64 i; __u64 r; }</c>, i = 1 when region r needs recovery.</summary>
    GetResyncWork = 12,

    /// <summary><c>DM_ULOG_SET_REGION_SYNC</c>. Data in: <c>{ __u64 region; __s64 in_sync; }</c>.</summary>
    SetRegionSync = 13,

    /// <summary><c>DM_ULOG_GET_SYNC_COUNT</c>. Data out: <c>__u64</c> regions in sync.</summary>
    GetSyncCount = 14,

    /// <summary><c>DM_ULOG_STATUS_INFO</c>. Data out: the status text.</summary>
    StatusInfo = 15,

    /// <summary><c>DM_ULOG_STATUS_TABLE</c>. Data out: the table text. (Current kernels build it themselves and never send this.)</summary>
    StatusTable = 16,

    /// <summary><c>DM_ULOG_IS_REMOTE_RECOVERING</c>. Data in: <c>__u64</c> region. Data out: <c>{ __s64 is_recovering; __u64 in_sync_hint; }</c>.</summary>
    IsRemoteRecovering = 17,
}
