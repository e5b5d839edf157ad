using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace KernelConnector.DeviceMapper;

/// <summary>
/// A mirror log as the kernel's <c>dm-log-userspace-base.c</c> keeps it, created by
/// <see cref="DmLogKernelEmulator.CreateLogAsync"/>: each method sends what the kernel's
/// dirty-log function of the same name sends, with the data in the kernel's format, and keeps the
/// state the kernel keeps (region size and count, the in-sync hint, queued marks and clears).
/// </summary>
/// <remarks>
/// Where the daemon answers an error, the method throws <see cref="DmLogException"/> (the kernel
/// instead reports some failures as a value: see docs/packs/dm-log-userspace.md). Requests the
/// kernel answers without asking (a resync request once every region is known in sync, a
/// recovery question below the in-sync hint) are answered here without asking too.
/// </remarks>
public sealed class EmulatedDirtyLog
{
    private const int EINVAL = 22;

    private readonly DmLogKernelEmulator _kernel;
    private readonly DmLogFlush _flush;
    private readonly string _tableArguments;
    private readonly int _argumentCount;
    private ulong _inSyncHint;

    private EmulatedDirtyLog(DmLogKernelEmulator kernel, string uuid, ulong luid, bool integratedFlush, string constructorText, int argumentCount)
    {
        _kernel = kernel;
        Uuid = uuid;
        Luid = luid;
        IntegratedFlush = integratedFlush;
        ConstructorText = constructorText;
        _argumentCount = argumentCount;
        _tableArguments = constructorText[(constructorText.IndexOf(' ', StringComparison.Ordinal) + 1)..];
        _flush = new DmLogFlush(this);
    }

    /// <summary>The log's uuid (the first table argument).</summary>
    public string Uuid { get; }

    /// <summary>The kernel's local id of the log.</summary>
    public ulong Luid { get; }

    /// <summary>Whether the table asked for <c>integrated_flush</c>: marks travel inside the flush request.</summary>
    public bool IntegratedFlush { get; }

    /// <summary>What <c>DM_ULOG_CTR</c> carried: the target's sectors and the arguments after the uuid.</summary>
    public string ConstructorText { get; }

    /// <summary>The region size the daemon reported, in sectors (the kernel keeps 32 bits of it).</summary>
    public uint RegionSize { get; private set; }

    /// <summary>How many regions the target has: its sectors divided by the region size, rounded up.</summary>
    public ulong RegionCount { get; private set; }

    /// <summary>The log device the daemon named in its constructor reply, or <see langword="null"/>.</summary>
    public string? Device { get; private set; }

    /// <summary>
    /// The line <c>dmsetup table</c> shows for the log, which the kernel builds itself:
    /// <c>userspace &lt;argc&gt; &lt;uuid&gt; [integrated_flush ]&lt;args&gt; </c>.
    /// </summary>
    public string StatusTable => string.Create(CultureInfo.InvariantCulture,
        $"userspace {_argumentCount} {Uuid} {(IntegratedFlush ? "integrated_flush " : "")}{_tableArguments} ");

    /// <summary>
    /// With an integrated flush and only clears queued, the kernel flushes no marks but schedules a
    /// plain <c>DM_ULOG_FLUSH</c> three seconds later; <see cref="RunScheduledFlushAsync"/> runs it.
    /// </summary>
    public bool FlushScheduled => _flush.Scheduled;

    /// <summary><c>DM_ULOG_RESUME</c>; the kernel forgets its in-sync hint first.</summary>
    public Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        _inSyncHint = 0;
        return RequestAsync(DmUlogRequestType.Resume, default, cancellationToken);
    }

    /// <summary><c>DM_ULOG_PRESUSPEND</c>.</summary>
    public Task PresuspendAsync(CancellationToken cancellationToken = default) => RequestAsync(DmUlogRequestType.Presuspend, default, cancellationToken);

    /// <summary><c>DM_ULOG_POSTSUSPEND</c>, after running a scheduled flush as the kernel does.</summary>
    public async Task PostsuspendAsync(CancellationToken cancellationToken = default)
    {
        if (_flush.Scheduled)
        {
            await RunScheduledFlushAsync(cancellationToken).ConfigureAwait(false);
        }

        await RequestAsync(DmUlogRequestType.Postsuspend, default, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>DM_ULOG_DTR</c> (the kernel sends no data with it, and ignores its result; this throws on an error).</summary>
    public async Task DestroyAsync(CancellationToken cancellationToken = default)
    {
        if (_flush.Scheduled)
        {
            await RunScheduledFlushAsync(cancellationToken).ConfigureAwait(false);
        }

        await RequestAsync(DmUlogRequestType.Dtr, default, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>DM_ULOG_IS_CLEAN</c> for a region.</summary>
    public async Task<bool> IsCleanAsync(ulong region, CancellationToken cancellationToken = default) =>
        ReadInt64(await RequestAsync(DmUlogRequestType.IsClean, Bytes(region), cancellationToken).ConfigureAwait(false), 0) != 0;

    /// <summary><c>DM_ULOG_IN_SYNC</c> for a region (the kernel asks only when it may block).</summary>
    public async Task<bool> InSyncAsync(ulong region, CancellationToken cancellationToken = default) =>
        ReadInt64(await RequestAsync(DmUlogRequestType.InSync, Bytes(region), cancellationToken).ConfigureAwait(false), 0) != 0;

    /// <summary>Queues a region to mark dirty, as the kernel's <c>mark_region</c> does; nothing is sent until <see cref="FlushAsync"/>.</summary>
    public void MarkRegion(ulong region) => _flush.Mark(region);

    /// <summary>Queues a region to mark clean, as the kernel's <c>clear_region</c> does; nothing is sent until <see cref="FlushAsync"/>.</summary>
    public void ClearRegion(ulong region) => _flush.Clear(region);

    /// <summary>
    /// The kernel's <c>flush</c>: queued clears in <c>DM_ULOG_CLEAR_REGION</c> groups of up to 32,
    /// then queued marks in <c>DM_ULOG_MARK_REGION</c> groups and a plain <c>DM_ULOG_FLUSH</c> — or,
    /// with an integrated flush, the marks inside <c>DM_ULOG_FLUSH</c> requests. Regions go newest
    /// first (the kernel queues at the head of a list); a group the daemon refuses is sent again
    /// one region at a time. Queued regions are gone afterwards, sent or not.
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => _flush.FlushAsync(cancellationToken);

    /// <summary>The flush the kernel schedules with an integrated flush and only clears: a plain <c>DM_ULOG_FLUSH</c>.</summary>
    public Task RunScheduledFlushAsync(CancellationToken cancellationToken = default) => _flush.RunScheduledAsync(cancellationToken);

    /// <summary><c>DM_ULOG_GET_RESYNC_WORK</c>: a region to recover, or <see langword="null"/>; not asked once the in-sync hint covers every region.</summary>
    public async Task<ulong?> GetResyncWorkAsync(CancellationToken cancellationToken = default)
    {
        if (_inSyncHint >= RegionCount)
        {
            return null;
        }

        var data = await RequestAsync(DmUlogRequestType.GetResyncWork, default, cancellationToken).ConfigureAwait(false);
        return ReadInt64(data, 0) != 0 ? (ulong)ReadInt64(data, 8) : null;
    }

    /// <summary><c>DM_ULOG_SET_REGION_SYNC</c> (the kernel ignores its result; this throws on an error).</summary>
    public Task SetRegionSyncAsync(ulong region, bool inSync, CancellationToken cancellationToken = default) =>
        RequestAsync(DmUlogRequestType.SetRegionSync, Bytes(region, inSync ? 1UL : 0UL), cancellationToken);

    /// <summary><c>DM_ULOG_GET_SYNC_COUNT</c>; a count covering every region sets the in-sync hint, as in the kernel.</summary>
    public async Task<ulong> GetSyncCountAsync(CancellationToken cancellationToken = default)
    {
        var count = (ulong)ReadInt64(await RequestAsync(DmUlogRequestType.GetSyncCount, default, cancellationToken).ConfigureAwait(false), 0);
        if (count >= RegionCount)
        {
            _inSyncHint = RegionCount;
        }

        return count;
    }

    /// <summary><c>DM_ULOG_STATUS_INFO</c>, with room for <paramref name="maxLength"/> bytes: the text up to its NUL.</summary>
    public async Task<string> GetStatusInfoAsync(int maxLength = 4096, CancellationToken cancellationToken = default)
    {
        var data = await RequestAsync(DmUlogRequestType.StatusInfo, default, cancellationToken, maxLength).ConfigureAwait(false);
        return Encoding.UTF8.GetString(CString.UpToNul(data));
    }

    /// <summary><c>DM_ULOG_IS_REMOTE_RECOVERING</c>; not asked below the in-sync hint, which the answer updates. (The kernel also answers "yes" without asking for a quarter second after each question.)</summary>
    public async Task<bool> IsRemoteRecoveringAsync(ulong region, CancellationToken cancellationToken = default)
    {
        if (region < _inSyncHint)
        {
            return false;
        }

        var data = await RequestAsync(DmUlogRequestType.IsRemoteRecovering, Bytes(region), cancellationToken).ConfigureAwait(false);
        _inSyncHint = (ulong)ReadInt64(data, 8);
        return ReadInt64(data, 0) != 0;
    }

    internal static async Task<EmulatedDirtyLog> CreateAsync(DmLogKernelEmulator kernel, ulong luid, ulong targetSectors, string[] arguments, CancellationToken cancellationToken)
    {
        // userspace_ctr: <uuid> [integrated_flush] <type> <args...>, at least three.
        if (arguments.Length < 3)
        {
            throw new DmLogException($"The userspace log needs at least 3 arguments (<uuid> [integrated_flush] <type> <args>), not {arguments.Length}: the kernel refuses the table.", DmUlogRequestType.Ctr, -EINVAL);
        }

        if (Encoding.UTF8.GetByteCount(arguments[0]) > DmUlog.UuidLength - 1)
        {
            throw new DmLogException($"The log uuid is longer than {DmUlog.UuidLength - 1} bytes: the kernel refuses the table.", DmUlogRequestType.Ctr, -EINVAL);
        }

        var integrated = string.Equals(arguments[1], "integrated_flush", StringComparison.OrdinalIgnoreCase);
        var text = string.Join(' ', [targetSectors.ToString(CultureInfo.InvariantCulture), .. arguments.Skip(integrated ? 2 : 1)]);
        var log = new EmulatedDirtyLog(kernel, arguments[0], luid, integrated, text, arguments.Length);
        var device = await log.RequestAsync(DmUlogRequestType.Ctr, Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        log.RegionSize = (uint)ReadInt64(await log.RequestAsync(DmUlogRequestType.GetRegionSize, default, cancellationToken).ConfigureAwait(false), 0);
        if (log.RegionSize == 0)
        {
            throw new DmLogException("The daemon reported a region size of 0 sectors; the kernel would divide by it.", DmUlogRequestType.GetRegionSize, -EINVAL);
        }

        log.RegionCount = (targetSectors + log.RegionSize - 1) / log.RegionSize;
        if (device.Length > 0)
        {
            if (device[^1] != 0)
            {
                throw new DmLogException("The daemon's constructor reply names a device without a terminating NUL: the kernel refuses the table.", DmUlogRequestType.Ctr, -EINVAL);
            }

            log.Device = Encoding.UTF8.GetString(device, 0, device.Length - 1);
        }

        return log;
    }

    internal async Task<byte[]> RequestAsync(DmUlogRequestType type, ReadOnlyMemory<byte> data, CancellationToken cancellationToken, int statusLength = 0)
    {
        var reply = await _kernel.ConsultAsync(Uuid, Luid, type, data, DmUlog.ReplyCapacity(type, statusLength), cancellationToken).ConfigureAwait(false);
        if (reply.Error != 0)
        {
            throw new DmLogException(string.Create(CultureInfo.InvariantCulture, $"{type} for log {Uuid} failed with {reply.Error}."), type, reply.Error);
        }

        return reply.Data;
    }

    internal static byte[] Bytes(params ReadOnlySpan<ulong> values) => MemoryMarshal.AsBytes(values).ToArray();

    // The kernel reads its reply into a buffer of the expected size; what the daemon left out reads as 0 here.
    private static long ReadInt64(byte[] data, int offset)
    {
        Span<byte> value = stackalloc byte[sizeof(long)];
        value.Clear();
        if (offset < data.Length)
        {
            data.AsSpan(offset, Math.Min(sizeof(long), data.Length - offset)).CopyTo(value);
        }

        return MemoryMarshal.Read<long>(value);
    }
}
