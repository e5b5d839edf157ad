namespace KernelConnector.W1;

/// <summary><c>enum w1_netlink_message_types</c>: what a <see cref="W1NetlinkMessage"/> is.</summary>
public enum W1MessageType : byte
{
    /// <summary><c>W1_SLAVE_ADD</c>: event, a slave device was added (its id in <see cref="W1NetlinkMessage.Slave"/>).</summary>
    SlaveAdd = 0,

    /// <summary><c>W1_SLAVE_REMOVE</c>: event, a slave device was removed.</summary>
    SlaveRemove = 1,

    /// <summary><c>W1_MASTER_ADD</c>: event, a bus master was added (its id in <see cref="W1NetlinkMessage.Master"/>).</summary>
    MasterAdd = 2,

    /// <summary><c>W1_MASTER_REMOVE</c>: event, a bus master was removed.</summary>
    MasterRemove = 3,

    /// <summary><c>W1_MASTER_CMD</c>: commands for one bus master (search, list slaves, reset, raw I/O, add/remove a slave).</summary>
    MasterCommand = 4,

    /// <summary><c>W1_SLAVE_CMD</c>: commands for one slave: the kernel resets the bus, selects the slave, then reads, writes or touches.</summary>
    SlaveCommand = 5,

    /// <summary><c>W1_LIST_MASTERS</c>: asks for the ids of every bus master; the reply's body is one <c>__u32</c> per master.</summary>
    ListMasters = 6,
}
