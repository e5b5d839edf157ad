using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using KernelConnector.W1;
using Xunit;

namespace KernelConnector.Tests.W1;

/// <summary>
/// w1's netlink structures against gcc. Their header, <c>drivers/w1/w1_netlink.h</c>, is in the
/// kernel tree but not installed (not uapi), so the structs and enums below are a copy of it,
/// written here as that header and Documentation/w1/w1-netlink.rst declare them, and compiled
/// by gcc with the installed <c>&lt;linux/types.h&gt;</c> and <c>&lt;linux/connector.h&gt;</c>.
/// </summary>
public sealed class W1LayoutTests
{
    private const string Header = """
        #include <linux/types.h>
        #include <linux/connector.h>
        enum w1_cn_msg_flags { W1_CN_BUNDLE = 1 };
        enum w1_netlink_message_types {
            W1_SLAVE_ADD = 0, W1_SLAVE_REMOVE, W1_MASTER_ADD, W1_MASTER_REMOVE,
            W1_MASTER_CMD, W1_SLAVE_CMD, W1_LIST_MASTERS,
        };
        struct w1_netlink_msg {
            __u8 type;
            __u8 status;
            __u16 len;
            union {
                __u8 id[8];
                struct w1_mst { __u32 id; __u32 res; } mst;
            } id;
            __u8 data[];
        };
        enum w1_commands {
            W1_CMD_READ = 0, W1_CMD_WRITE, W1_CMD_SEARCH, W1_CMD_ALARM_SEARCH, W1_CMD_TOUCH,
            W1_CMD_RESET, W1_CMD_SLAVE_ADD, W1_CMD_SLAVE_REMOVE, W1_CMD_LIST_SLAVES, W1_CMD_MAX
        };
        struct w1_netlink_cmd {
            __u8 cmd;
            __u8 res;
            __u16 len;
            __u8 data[];
        };
        """;

    private static string Size(string type, string field) => $"sizeof(((struct {type} *)0)->{field})";

    [Fact]
    public async Task The_w1_structs_and_enums_match_the_kernel_declarations()
    {
        var m = default(W1NetlinkMessage);
        var c = default(W1NetlinkCommand);
        long AtM<T>(ref T field) => Unsafe.ByteOffset(ref Unsafe.As<W1NetlinkMessage, byte>(ref m), ref Unsafe.As<T, byte>(ref field));
        long AtC<T>(ref T field) => Unsafe.ByteOffset(ref Unsafe.As<W1NetlinkCommand, byte>(ref c), ref Unsafe.As<T, byte>(ref field));
        (string C, long Ours)[] fields =
        [
            ("sizeof(struct w1_netlink_msg)", W1NetlinkMessage.Size),
            ("offsetof(struct w1_netlink_msg, type)", AtM(ref m.Type)),
            (Size("w1_netlink_msg", "type"), sizeof(W1MessageType)),
            ("offsetof(struct w1_netlink_msg, status)", AtM(ref m.Status)),
            (Size("w1_netlink_msg", "status"), sizeof(byte)),
            ("offsetof(struct w1_netlink_msg, len)", AtM(ref m.Length)),
            (Size("w1_netlink_msg", "len"), sizeof(ushort)),
            ("offsetof(struct w1_netlink_msg, id.id)", AtM(ref m.Slave)),
            (Size("w1_netlink_msg", "id.id"), Unsafe.SizeOf<W1SlaveId>()),
            ("offsetof(struct w1_netlink_msg, id.mst.id)", AtM(ref m.Master.Id)),
            (Size("w1_netlink_msg", "id.mst.id"), sizeof(uint)),
            ("offsetof(struct w1_netlink_msg, id.mst.res)", AtM(ref m.Master.Reserved)),
            (Size("w1_netlink_msg", "id.mst.res"), sizeof(uint)),
            ("offsetof(struct w1_netlink_msg, data)", W1NetlinkMessage.Size),
            ("_Alignof(struct w1_netlink_msg)", Alignment<W1NetlinkMessage>()),
            ("sizeof(struct w1_netlink_cmd)", W1NetlinkCommand.Size),
            ("offsetof(struct w1_netlink_cmd, cmd)", AtC(ref c.Command)),
            (Size("w1_netlink_cmd", "cmd"), sizeof(W1Command)),
            ("offsetof(struct w1_netlink_cmd, res)", AtC(ref c.Reserved)),
            ("offsetof(struct w1_netlink_cmd, len)", AtC(ref c.Length)),
            (Size("w1_netlink_cmd", "len"), sizeof(ushort)),
            ("offsetof(struct w1_netlink_cmd, data)", W1NetlinkCommand.Size),
            ("CN_W1_IDX", W1NetlinkMessage.Id.Idx),
            ("CN_W1_VAL", W1NetlinkMessage.Id.Val),
            ("CN_W1_IDX", W1NetlinkMessage.Group),
            ("W1_SLAVE_ADD", (long)W1MessageType.SlaveAdd),
            ("W1_SLAVE_REMOVE", (long)W1MessageType.SlaveRemove),
            ("W1_MASTER_ADD", (long)W1MessageType.MasterAdd),
            ("W1_MASTER_REMOVE", (long)W1MessageType.MasterRemove),
            ("W1_MASTER_CMD", (long)W1MessageType.MasterCommand),
            ("W1_SLAVE_CMD", (long)W1MessageType.SlaveCommand),
            ("W1_LIST_MASTERS", (long)W1MessageType.ListMasters),
            ("W1_CMD_READ", (long)W1Command.Read),
            ("W1_CMD_WRITE", (long)W1Command.Write),
            ("W1_CMD_SEARCH", (long)W1Command.Search),
            ("W1_CMD_ALARM_SEARCH", (long)W1Command.AlarmSearch),
            ("W1_CMD_TOUCH", (long)W1Command.Touch),
            ("W1_CMD_RESET", (long)W1Command.Reset),
            ("W1_CMD_SLAVE_ADD", (long)W1Command.SlaveAdd),
            ("W1_CMD_SLAVE_REMOVE", (long)W1Command.SlaveRemove),
            ("W1_CMD_LIST_SLAVES", (long)W1Command.ListSlaves),
            ("W1_CMD_MAX", Enum.GetValues<W1Command>().Length),
            // The kernel's limits: a connector payload, and a page per list of masters.
            ("CONNECTOR_MAX_MSG_SIZE - sizeof(struct cn_msg) - sizeof(struct w1_netlink_msg)", W1NetlinkMessage.MaxTrailingBytes),
        ];

        var values = await CLayout.QueryAsync(Header, Array.ConvertAll(fields, f => f.C));
        for (var i = 0; i < fields.Length; i++)
        {
            Assert.True(values[i] == fields[i].Ours, $"{fields[i].C}: C says {values[i]}, KernelConnector {fields[i].Ours}");
        }
    }

    private static long Alignment<T>() where T : unmanaged => Unsafe.SizeOf<AlignmentProbe<T>>() - Unsafe.SizeOf<T>();

    private struct AlignmentProbe<T> where T : unmanaged
    {
#pragma warning disable CS0649 // only measured
        public byte Pad;
        public T Value;
#pragma warning restore CS0649
    }
}
