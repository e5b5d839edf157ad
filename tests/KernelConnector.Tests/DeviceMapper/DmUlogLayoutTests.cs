using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using KernelConnector.DeviceMapper;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.DeviceMapper;

/// <summary><c>struct dm_ulog_request</c> and the protocol's constants against gcc and the installed <c>&lt;linux/dm-log-userspace.h&gt;</c>.</summary>
public sealed class DmUlogLayoutTests
{
    private const string Header = "#include <linux/connector.h>\n#include <linux/dm-log-userspace.h>";

    // Signedness: -1 stored in the field reads back negative only for a signed field.
    private static string Signed(string field) => $"((struct dm_ulog_request){{ .{field} = -1 }}).{field} < 0";

    private static string SizeOf(string field) => $"sizeof(((struct dm_ulog_request *)0)->{field})";

    [Fact]
    public async Task Every_field_of_dm_ulog_request_matches_the_C_header()
    {
        var r = default(DmUlogRequest);
        long At<T>(ref T field) => Unsafe.ByteOffset(ref Unsafe.As<DmUlogRequest, byte>(ref r), ref Unsafe.As<T, byte>(ref field));
        static long Signedness<T>() where T : unmanaged => typeof(T) == typeof(int) || typeof(T) == typeof(long) ? 1 : 0;
        (string C, long Ours)[] fields =
        [
            ("sizeof(struct dm_ulog_request)", DmUlogRequest.Size),
            ("sizeof(struct dm_ulog_request)", DmUlogReply.Size),
            ("sizeof(struct dm_ulog_request)", DmUlog.RequestSize),
            ("offsetof(struct dm_ulog_request, luid)", At(ref r.Luid)),
            (SizeOf("luid"), Unsafe.SizeOf<ulong>()),
            (Signed("luid"), Signedness<ulong>()),
            ("offsetof(struct dm_ulog_request, uuid)", At(ref r.Uuid)),
            (SizeOf("uuid"), Unsafe.SizeOf<DmUuid>()),
            ("offsetof(struct dm_ulog_request, padding)", (long)Marshal.OffsetOf<DmUlogRequest>("_padding0")),
            ("offsetof(struct dm_ulog_request, padding) + 1", (long)Marshal.OffsetOf<DmUlogRequest>("_padding1")),
            ("offsetof(struct dm_ulog_request, padding) + 2", (long)Marshal.OffsetOf<DmUlogRequest>("_padding2")),
            (SizeOf("padding"), 3),
            ("offsetof(struct dm_ulog_request, version)", At(ref r.Version)),
            (SizeOf("version"), Unsafe.SizeOf<uint>()),
            (Signed("version"), Signedness<uint>()),
            ("offsetof(struct dm_ulog_request, error)", At(ref r.Error)),
            (SizeOf("error"), Unsafe.SizeOf<int>()),
            (Signed("error"), Signedness<int>()),
            ("offsetof(struct dm_ulog_request, seq)", At(ref r.Seq)),
            (SizeOf("seq"), Unsafe.SizeOf<uint>()),
            (Signed("seq"), Signedness<uint>()),
            ("offsetof(struct dm_ulog_request, request_type)", At(ref r.RequestType)),
            (SizeOf("request_type"), Unsafe.SizeOf<uint>()),
            (Signed("request_type"), Signedness<uint>()),
            ("offsetof(struct dm_ulog_request, data_size)", At(ref r.DataSize)),
            (SizeOf("data_size"), Unsafe.SizeOf<uint>()),
            (Signed("data_size"), Signedness<uint>()),
            // The flexible array member starts where the fixed part ends: the trailing bytes.
            ("offsetof(struct dm_ulog_request, data)", DmUlogRequest.Size),
            ("DM_UUID_LEN", DmUlog.UuidLength),
            ("DM_NAME_LEN", DmUlog.NameLength),
            ("DM_ULOG_REQUEST_VERSION", DmUlog.RequestVersion),
            ("DM_ULOG_REQUEST_MASK", DmUlog.RequestMask),
            ("DM_ULOG_REQUEST_TYPE(0x1234)", (long)new DmUlogRequest { RequestType = 0x1234 }.Type),
            // dm-log-userspace-transfer.c sends from one 512-byte buffer: cn_msg, the request, its data.
            ("512 - sizeof(struct cn_msg) - sizeof(struct dm_ulog_request)", DmUlogRequest.MaxTrailingBytes),
            ("16384 - sizeof(struct cn_msg) - sizeof(struct dm_ulog_request)", DmUlogReply.MaxTrailingBytes),
            ("CN_IDX_DM", DmUlogRequest.Id.Idx),
            ("CN_VAL_DM_USERSPACE_LOG", DmUlogRequest.Id.Val),
            ("CN_IDX_DM", DmUlogReply.Id.Idx),
            ("CN_VAL_DM_USERSPACE_LOG", DmUlogReply.Id.Val),
            ("CN_IDX_DM", DmUlogRequest.Group),
            // Each type on its own: an OR of several would not notice two swapped values.
            ("DM_ULOG_CTR", (long)DmUlogRequestType.Ctr),
            ("DM_ULOG_DTR", (long)DmUlogRequestType.Dtr),
            ("DM_ULOG_PRESUSPEND", (long)DmUlogRequestType.Presuspend),
            ("DM_ULOG_POSTSUSPEND", (long)DmUlogRequestType.Postsuspend),
            ("DM_ULOG_RESUME", (long)DmUlogRequestType.Resume),
            ("DM_ULOG_GET_REGION_SIZE", (long)DmUlogRequestType.GetRegionSize),
            ("DM_ULOG_IS_CLEAN", (long)DmUlogRequestType.IsClean),
            ("DM_ULOG_IN_SYNC", (long)DmUlogRequestType.InSync),
            ("DM_ULOG_FLUSH", (long)DmUlogRequestType.Flush),
            ("DM_ULOG_MARK_REGION", (long)DmUlogRequestType.MarkRegion),
            ("DM_ULOG_CLEAR_REGION", (long)DmUlogRequestType.ClearRegion),
            ("DM_ULOG_GET_RESYNC_WORK", (long)DmUlogRequestType.GetResyncWork),
            ("DM_ULOG_SET_REGION_SYNC", (long)DmUlogRequestType.SetRegionSync),
            ("DM_ULOG_GET_SYNC_COUNT", (long)DmUlogRequestType.GetSyncCount),
            ("DM_ULOG_STATUS_INFO", (long)DmUlogRequestType.StatusInfo),
            ("DM_ULOG_STATUS_TABLE", (long)DmUlogRequestType.StatusTable),
            ("DM_ULOG_IS_REMOTE_RECOVERING", (long)DmUlogRequestType.IsRemoteRecovering),
        ];

        var c = await CLayout.QueryAsync(Header, Array.ConvertAll(fields, f => f.C));
        for (var i = 0; i < fields.Length; i++)
        {
            Assert.True(c[i] == fields[i].Ours, $"{fields[i].C}: C says {c[i]}, KernelConnector {fields[i].Ours}");
        }
    }

    [Fact]
    public async Task A_request_written_by_C_reads_field_for_field()
    {
        // The bytes come from C, filled through the header's own field names (fill() runs first).
        var raw = await CLayout.QueryAsync(
            Header + "\n#include <string.h>\nstatic unsigned char b[sizeof(struct dm_ulog_request) + 8];\n" +
            "static int fill(void) { struct dm_ulog_request *r = (struct dm_ulog_request *)b; r->luid = 0x1122334455667788ULL; strcpy(r->uuid, \"LVM-mirror-uuid\");" +
            " r->version = 3; r->error = -5; r->seq = 77; r->request_type = DM_ULOG_IS_CLEAN | 0x100; r->data_size = 8; memset(r->data, 0xAB, 8); return 0; }",
            ["fill()", .. Array.ConvertAll(Indices(168), i => $"b[{i}]")]);
        var payload = Array.ConvertAll(raw[1..], v => (byte)v);

        Assert.Equal(ConnectorReadStatus.Ok, DmUlogRequest.Validate(payload));
        var request = DmUlogRequest.View(payload);
        Assert.Equal((0x1122334455667788UL, "LVM-mirror-uuid", 3u, -5, 77u, DmUlogRequestType.IsClean, 8u),
            (request.Luid, request.Uuid.ToString(), request.Version, request.Error, request.Seq, request.Type, request.DataSize));
        Assert.Equal(0x107u, request.RequestType);
        Assert.Equal([0xAB, 0xAB, 0xAB, 0xAB, 0xAB, 0xAB, 0xAB, 0xAB], payload[DmUlogRequest.Size..]);
    }

    private static int[] Indices(int count)
    {
        var indices = new int[count];
        for (var i = 0; i < count; i++)
        {
            indices[i] = i;
        }

        return indices;
    }
}
