using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KernelConnector.DeviceMapper;
using KernelConnector.Testing;
using Xunit;

namespace KernelConnector.Tests.DeviceMapper;

/// <summary>
/// A toy log daemon driven through a mirror's life by the emulated kernel, on the in-memory
/// connector: what each request carries (byte for byte, in the kernel's order), what the kernel
/// makes of each answer, errors both ways, and replies matched by seq as the kernel matches them.
/// </summary>
public sealed class DmLogDaemonTests : IAsyncDisposable
{
    private const int EIO = 5;
    private const int EINVAL = 22;
    private const int EAGAIN = 11;
    private const int ENOSPC = 28;
    private static readonly string[] Table = ["LVM-k2cLcfCN0qvA3y4F", "clustered-disk", "3", "253:2", "1024", "nosync"];

    private readonly DaemonHarness _harness = new();

    private DmLogKernelEmulator Kernel => _harness.Kernel;

    private ToyLog Toy => _harness.Toy;

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task A_mirror_s_life_sends_what_the_kernel_sends_and_reads_what_the_daemon_answers()
    {
        var log = await Kernel.CreateLogAsync(10_000, Table);
        Assert.Equal(("253:2", 1024u, 10UL), (log.Device, log.RegionSize, log.RegionCount));
        Assert.Equal("userspace 6 LVM-k2cLcfCN0qvA3y4F clustered-disk 3 253:2 1024 nosync ", log.StatusTable);

        await log.ResumeAsync();
        Assert.True(await log.IsCleanAsync(3));
        Assert.False(await log.InSyncAsync(3));
        log.MarkRegion(1);
        log.MarkRegion(2);
        log.ClearRegion(5);
        await log.FlushAsync();
        Assert.False(await log.IsCleanAsync(2));
        Assert.Equal(0UL, await log.GetResyncWorkAsync());
        await log.SetRegionSyncAsync(0, inSync: true);
        Assert.Equal(1UL, await log.GetSyncCountAsync());
        Assert.Equal("clustered-disk 2 253:2 D", await log.GetStatusInfoAsync());
        Assert.False(await log.IsRemoteRecoveringAsync(4));
        Assert.False(await log.IsRemoteRecoveringAsync(0));   // below the hint: not asked
        await log.PresuspendAsync();
        await log.PostsuspendAsync();
        await log.DestroyAsync();

        static string U64(ulong v) => Convert.ToHexString(BitConverter.GetBytes(v));
        var text = Convert.ToHexString("10000 clustered-disk 3 253:2 1024 nosync"u8);
        Assert.Equal(
            [
                (DmUlogRequestType.Ctr, text),
                (DmUlogRequestType.GetRegionSize, ""),
                (DmUlogRequestType.Resume, ""),
                (DmUlogRequestType.IsClean, U64(3)),
                (DmUlogRequestType.InSync, U64(3)),
                (DmUlogRequestType.ClearRegion, U64(5)),
                (DmUlogRequestType.MarkRegion, U64(2) + U64(1)),   // newest first
                (DmUlogRequestType.Flush, ""),
                (DmUlogRequestType.IsClean, U64(2)),
                (DmUlogRequestType.GetResyncWork, ""),
                (DmUlogRequestType.SetRegionSync, U64(0) + U64(1)),
                (DmUlogRequestType.GetSyncCount, ""),
                (DmUlogRequestType.StatusInfo, ""),
                (DmUlogRequestType.IsRemoteRecovering, U64(4)),
                (DmUlogRequestType.Presuspend, ""),
                (DmUlogRequestType.Postsuspend, ""),
                (DmUlogRequestType.Dtr, ""),
            ],
            Toy.Requests.Select(r => (r.Type, r.Data)));

        // Every request: the kernel's next seq from 0, version 3, the log's uuid and luid.
        Assert.Equal(Enumerable.Range(0, 17).Select(i => (uint)i), Toy.Requests.Select(r => r.Seq));
        Assert.All(Toy.Requests, r => Assert.Equal((3u, Table[0], log.Luid), (r.Version, r.Uuid, r.Luid)));
        Assert.Equal((17L, 0, 0), (_harness.Daemon.Requests, Kernel.IgnoredReplies, Kernel.Resent));
    }

    [Fact]
    public async Task The_daemon_s_errors_reach_the_kernel()
    {
        var log = await Kernel.CreateLogAsync(10_000, Table);
        Toy.Override = r => r.Type switch
        {
            DmUlogRequestType.IsClean => DmLogResult.Failure(EIO),
            DmUlogRequestType.InSync => throw new InvalidOperationException("the disk is gone"),
            DmUlogRequestType.Resume => DmLogResult.SyncCount(r.Region),   // reads a region a resume does not carry
            DmUlogRequestType.Presuspend => DmLogResult.SyncCount(7),      // data the kernel has no room for
            _ => null,
        };

        Assert.Equal((DmUlogRequestType.IsClean, -EIO), Failure(await Assert.ThrowsAsync<DmLogException>(() => log.IsCleanAsync(1))));
        Assert.Equal((DmUlogRequestType.InSync, -EIO), Failure(await Assert.ThrowsAsync<DmLogException>(() => log.InSyncAsync(1))));
        Assert.Equal((DmUlogRequestType.Resume, -EINVAL), Failure(await Assert.ThrowsAsync<DmLogException>(() => log.ResumeAsync())));
        Assert.Equal((DmUlogRequestType.Presuspend, -ENOSPC), Failure(await Assert.ThrowsAsync<DmLogException>(() => log.PresuspendAsync())));

        // The handler's own exceptions go on to the endpoint, after the kernel got its answer.
        await Transport.Wait.UntilAsync(() => _harness.CallbackErrors.Count == 2, "both handler exceptions");
        Assert.Equal(["the disk is gone", "A Resume request does not carry that: it belongs to IsClean, InSync, IsRemoteRecovering."], _harness.CallbackErrors.Select(e => e.Message));
        Assert.Equal(2, _harness.Daemon.HandlerFailures);
    }

    [Fact]
    public async Task The_kernel_refuses_what_it_refuses_without_asking_or_after_the_answer()
    {
        var tooFew = await Assert.ThrowsAsync<DmLogException>(() => Kernel.CreateLogAsync(100, ["uuid", "core"]));
        Assert.Equal(-EINVAL, tooFew.Error);
        var tooLong = await Kernel.ConsultAsync("uuid", 1, DmUlogRequestType.MarkRegion, new byte[DmUlog.MaxRequestData + 1], 0);
        Assert.Equal(-EINVAL, tooLong.Error);
        Assert.Empty(Toy.Requests);

        Toy.Override = r => r.Type switch
        {
            DmUlogRequestType.Ctr => DmLogResult.Raw("253:2"u8),
            DmUlogRequestType.GetRegionSize => DmLogResult.RegionSize(1024),
            _ => null,
        };
        var unterminated = await Assert.ThrowsAsync<DmLogException>(() => Kernel.CreateLogAsync(100, Table));
        Assert.Equal((DmUlogRequestType.Ctr, -EINVAL), Failure(unterminated));
        Assert.Contains("without a terminating NUL", unterminated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replies_are_matched_by_the_seq_inside_the_request_not_by_cn_msg_seq()
    {
        var log = await Kernel.CreateLogAsync(10_000, Table);
        await using var rogue = _harness.Connector.Open();
        void Answer(DmLogRequest r, uint cnSeq, uint structSeq, bool clean)
        {
            var reply = new DmUlogReply { Request = r.Header };
            reply.Request.Seq = structSeq;
            reply.Request.DataSize = 8;
            rogue.Reply(in reply, ConnectorAddress.Kernel, cnSeq, 0, BitConverter.GetBytes(clean ? 1L : 0L));
        }

        // First: cn_msg.seq right, the struct's seq wrong: ignored; the daemon's answer (clean) counts.
        Toy.Override = r => { Answer(r, r.Seq, r.Seq + 1000, clean: false); return null; };
        Assert.True(await log.IsCleanAsync(1));
        Assert.Equal(1, Kernel.IgnoredReplies);

        // Then: cn_msg.seq wrong, the struct's seq right: taken (not clean); the daemon's answer
        // comes for a request no longer waiting and is ignored.
        Toy.Override = r => { Answer(r, 12345, r.Seq, clean: false); return null; };
        Assert.False(await log.IsCleanAsync(1));
        await Transport.Wait.UntilAsync(() => Kernel.IgnoredReplies == 2, "the daemon's late answer ignored");
    }

    [Fact]
    public async Task Eagain_makes_the_kernel_send_the_request_again_with_a_new_seq()
    {
        var log = await Kernel.CreateLogAsync(10_000, Table);
        var asks = 0;
        Toy.Override = r => r.Type == DmUlogRequestType.GetSyncCount && Interlocked.Increment(ref asks) == 1 ? DmLogResult.Failure(EAGAIN) : null;

        Assert.Equal(0UL, await log.GetSyncCountAsync());

        var asked = Toy.Requests.Where(r => r.Type == DmUlogRequestType.GetSyncCount).Select(r => r.Seq).ToArray();
        Assert.Equal([2u, 3u], asked);
        Assert.Equal(1, Kernel.Resent);
    }

    [Fact]
    public async Task A_request_without_a_reply_is_sent_again_and_a_late_reply_is_ignored()
    {
        using var connector = new InMemoryConnector();
        using var kernel = new DmLogKernelEmulator(connector, TimeSpan.FromMilliseconds(300), maxAttempts: 2);
        await using var silent = connector.Open(new ConnectorEndpointOptions { Groups = [DmUlogRequest.Group] });
        var seen = new ConcurrentQueue<DmUlogRequest>();
        var router = new ConnectorRouter();
        router.Add((in ReceivedConnectorMessage<DmUlogRequest> m) =>
        {
            seen.Enqueue(m.Value);
            if (seen.Count == 2)
            {
                // Answer the first request late (ignored), then the second (taken).
                foreach (var (request, count) in seen.Zip([5L, 9L]))
                {
                    var reply = new DmUlogReply { Request = request };
                    reply.Request.DataSize = 8;
                    silent.Send(in reply, ConnectorAddress.Kernel, BitConverter.GetBytes(count));
                }
            }
        });
        using var stop = new CancellationTokenSource();
        var loop = silent.RunAsync(router, stop.Token);

        var reply = await kernel.ConsultAsync("uuid", 1, DmUlogRequestType.GetSyncCount, default, 8);

        Assert.Equal((0, 9L), (reply.Error, BitConverter.ToInt64(reply.Data)));
        Assert.Equal([0u, 1u], seen.Select(r => r.Seq));
        Assert.Equal((1, 1), (kernel.Resent, kernel.IgnoredReplies));
        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task Without_a_daemon_the_request_fails_after_its_attempts()
    {
        using var connector = new InMemoryConnector();
        using var kernel = new DmLogKernelEmulator(connector, TimeSpan.FromMilliseconds(100), maxAttempts: 2);

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => kernel.ConsultAsync("LVM-x", 1, DmUlogRequestType.Resume, default, 0));

        Assert.Equal("No reply to Resume for log LVM-x after 2 sends 0.1 s apart (last seq 1): is a log daemon listening on group 7? The kernel would keep trying.", timeout.Message);
    }

    private static (DmUlogRequestType, int) Failure(DmLogException e) => (e.RequestType, e.Error);
}
