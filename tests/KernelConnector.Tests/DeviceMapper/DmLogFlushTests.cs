using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.DeviceMapper;
using Xunit;

namespace KernelConnector.Tests.DeviceMapper;

/// <summary>
/// The kernel's flush as the daemon sees it: clears before marks, groups of 32, newest first, a
/// refused group sent again region by region, and the integrated flush with its scheduled flush.
/// </summary>
public sealed class DmLogFlushTests : IAsyncDisposable
{
    private const int EIO = 5;

    private readonly DaemonHarness _harness = new();

    private ToyLog Toy => _harness.Toy;

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task Marks_go_newest_first_in_groups_of_32_then_a_plain_flush()
    {
        var log = await CreateAsync(integrated: false);
        for (ulong region = 0; region < 40; region++)
        {
            log.MarkRegion(region);
        }

        await log.FlushAsync();
        await log.FlushAsync();   // nothing queued: nothing sent

        Assert.Equal(
            [
                (DmUlogRequestType.MarkRegion, Regions(39, 8)),
                (DmUlogRequestType.MarkRegion, Regions(7, 0)),
                (DmUlogRequestType.Flush, ""),
            ],
            Flushes());
        Assert.Equal(Enumerable.Range(0, 40).Select(r => (ulong)r), Toy.Dirty);
    }

    [Fact]
    public async Task A_refused_group_puts_every_region_taken_back_and_sends_them_one_by_one()
    {
        var log = await CreateAsync(integrated: false);
        for (ulong region = 0; region < 40; region++)
        {
            log.ClearRegion(region);
        }

        log.MarkRegion(99);
        Toy.Override = r => r.Type == DmUlogRequestType.ClearRegion && r.Data.Length == 8 * 8 ? DmLogResult.Failure(EIO) : null;

        await log.FlushAsync();

        // The first group (39..8) went through; the second (7..0) was refused. The kernel then
        // splices the regions it took, most recently taken first (0, 1, …, 39), back in front and
        // sends each alone; the marks and the flush follow.
        Assert.Equal(
            [
                (DmUlogRequestType.ClearRegion, Regions(39, 8)),
                (DmUlogRequestType.ClearRegion, Regions(7, 0)),
                .. Enumerable.Range(0, 40).Select(r => (DmUlogRequestType.ClearRegion, Regions((ulong)r, (ulong)r))),
                (DmUlogRequestType.MarkRegion, Regions(99, 99)),
                (DmUlogRequestType.Flush, ""),
            ],
            Flushes());
    }

    [Fact]
    public async Task A_region_refused_alone_fails_the_flush_and_the_queues_are_gone()
    {
        var log = await CreateAsync(integrated: false);
        log.ClearRegion(1);
        log.MarkRegion(2);
        Toy.Override = r => r.Type == DmUlogRequestType.ClearRegion ? DmLogResult.Failure(EIO) : null;

        var failed = await Assert.ThrowsAsync<DmLogException>(() => log.FlushAsync());
        Toy.Override = null;
        await log.FlushAsync();

        Assert.Equal((DmUlogRequestType.ClearRegion, -EIO), (failed.RequestType, failed.Error));
        Assert.Equal([(DmUlogRequestType.ClearRegion, Regions(1, 1)), (DmUlogRequestType.ClearRegion, Regions(1, 1))], Flushes());
    }

    [Fact]
    public async Task An_integrated_flush_carries_the_marks_and_clears_alone_schedule_a_plain_flush()
    {
        var log = await CreateAsync(integrated: true);
        Assert.Equal("userspace 7 LVM-mirror integrated_flush clustered-disk 3 253:2 1024 nosync ", log.StatusTable);
        log.MarkRegion(3);
        log.ClearRegion(4);
        await log.FlushAsync();
        Assert.False(log.FlushScheduled);

        log.ClearRegion(5);
        await log.FlushAsync();
        Assert.True(log.FlushScheduled);
        log.ClearRegion(6);
        await log.FlushAsync();
        Assert.False(log.FlushScheduled);   // a second clears-only flush cancels the scheduled one
        log.ClearRegion(7);
        await log.FlushAsync();
        Assert.True(log.FlushScheduled);
        await log.PostsuspendAsync();       // runs the scheduled flush first
        Assert.False(log.FlushScheduled);

        Assert.Equal(
            [
                (DmUlogRequestType.ClearRegion, Regions(4, 4)),
                (DmUlogRequestType.Flush, Regions(3, 3)),
                (DmUlogRequestType.ClearRegion, Regions(5, 5)),
                (DmUlogRequestType.ClearRegion, Regions(6, 6)),
                (DmUlogRequestType.ClearRegion, Regions(7, 7)),
                (DmUlogRequestType.Flush, ""),
                (DmUlogRequestType.Postsuspend, ""),
            ],
            Flushes());
    }

    private async Task<EmulatedDirtyLog> CreateAsync(bool integrated)
    {
        string[] table = integrated
            ? ["LVM-mirror", "integrated_flush", "clustered-disk", "3", "253:2", "1024", "nosync"]
            : ["LVM-mirror", "clustered-disk", "3", "253:2", "1024", "nosync"];
        var log = await _harness.Kernel.CreateLogAsync(1 << 20, table);
        Assert.Equal(integrated, log.IntegratedFlush);
        return log;
    }

    private (DmUlogRequestType, string)[] Flushes() =>
        [.. Toy.Requests.Where(r => r.Type is not (DmUlogRequestType.Ctr or DmUlogRequestType.GetRegionSize)).Select(r => (r.Type, r.Data))];

    // The regions from `first` down to `last` (or up, when last > first), as the kernel sends them: __u64 each.
    private static string Regions(ulong first, ulong last)
    {
        var step = first >= last ? -1 : 1;
        var count = (int)(first >= last ? first - last : last - first) + 1;
        return string.Concat(Enumerable.Range(0, count).Select(i => Convert.ToHexString(BitConverter.GetBytes((ulong)((long)first + (step * i))))));
    }
}
